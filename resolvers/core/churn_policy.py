"""The release-and-buy churn thresholds (REFERENCE.md "Fraud pattern": configuration), as the
fraud pass and the purchases of a flagged account both read them (``GATEWAY_FRAUD_*``)."""

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
