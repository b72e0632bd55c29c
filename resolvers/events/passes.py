"""The events domain's job passes: webhook delivery."""

from __future__ import annotations

from resolvers.events.webhooks import deliver_webhooks
from resolvers.jobs.environment import NamedPass

PASSES: tuple[NamedPass, ...] = (("webhooks", deliver_webhooks),)
