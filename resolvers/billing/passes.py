"""The billing domain's job passes: monthly renewals (with suspension for nonpayment)."""

from __future__ import annotations

from resolvers.billing.renewals import renew_due_numbers
from resolvers.jobs.environment import NamedPass

PASSES: tuple[NamedPass, ...] = (("renewals", renew_due_numbers),)
