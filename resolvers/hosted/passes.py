"""The hosted-numbers domain's job passes: the orders' timers."""

from __future__ import annotations

from resolvers.hosted.timers import hosted_order_timers_pass
from resolvers.jobs.environment import NamedPass

PASSES: tuple[NamedPass, ...] = (("hosted_orders", hosted_order_timers_pass),)
