"""The settings requests obey besides the URL policy: the release-and-buy churn thresholds
(REFERENCE.md "Fraud pattern": configuration) and the aging period of released numbers
(REFERENCE.md "Release, restore, aging": about 60 days, configurable). The jobs read the same
``GATEWAY_*`` settings (``gateway.job_settings`` maps both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class ChurnPolicy:
    window: timedelta = timedelta(days=1)  # how close a purchase must follow a release
    flag_threshold: int = 5  # churn pairs in the window that flag the account tree
    suspend_threshold: int = 10  # churn pairs in the window that suspend it


# the thresholds when no setting says otherwise
DEFAULT_CHURN = ChurnPolicy()
# how long a released number is quarantined after its restore window, before anyone may buy it
DEFAULT_AGING_PERIOD = timedelta(days=60)


@dataclass(frozen=True)
class RequestRules:
    churn: ChurnPolicy = DEFAULT_CHURN  # a flagged account's purchases are checked inline
    aging_period: timedelta = DEFAULT_AGING_PERIOD  # GATEWAY_AGING_DAYS


DEFAULT_RULES = RequestRules()
