"""What every job pass gets: the engine, the clock, the lifecycle policy (configuration) and
the URL policy webhook delivery obeys; and what a pass is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.clock import Clock
from resolvers.core.request_rules import DEFAULT_AGING_PERIOD, ChurnPolicy
from resolvers.core.url_policy import STRICT, UrlPolicy


@dataclass(frozen=True)
class LifecyclePolicy:
    """The thresholds REFERENCE.md leaves to configuration (``GATEWAY_*`` settings map here)."""

    # reclaim: inactive numbers get a RECLAIM_WARNING, then are reclaimed after the grace period
    reclaim_grace_period: timedelta = timedelta(days=14)
    reclaim_batch_size: int = 500
    # fraud: release-and-buy churn within the window flags the account, then suspends it
    fraud_window: timedelta = timedelta(days=1)
    fraud_flag_threshold: int = 5
    fraud_suspend_threshold: int = 10
    # aging: a released number's quarantine after its restore window (the reclaim pass releases)
    aging_period: timedelta = DEFAULT_AGING_PERIOD
    # webhooks: attempts per delivery before it is given up, and the first retry delay
    webhook_max_attempts: int = 8
    webhook_first_retry: timedelta = timedelta(seconds=30)
    # the HMAC-SHA256 key of X-Gateway-Signature (GATEWAY_WEBHOOK_SECRET; empty: unsigned)
    webhook_secret: str = ""
    # how long one POST may take; also the lease that keeps others off a claimed delivery
    webhook_timeout: timedelta = timedelta(seconds=10)
    # how many rows one pass claims per transaction
    batch_size: int = 500
    # renewals: accounts one transaction claims (each runner settles whole accounts)
    renewal_accounts_per_claim: int = 20

    @property
    def churn(self) -> ChurnPolicy:
        """The fraud thresholds, as purchases read them too."""
        return ChurnPolicy(
            self.fraud_window, self.fraud_flag_threshold, self.fraud_suspend_threshold
        )


@dataclass(frozen=True)
class JobEnvironment:
    engine: AsyncEngine
    clock: Clock
    policy: LifecyclePolicy = field(default_factory=LifecyclePolicy)
    # where webhooks may be POSTed (GATEWAY_ALLOW_PRIVATE_WEBHOOKS, GATEWAY_WEBHOOK_ALLOWED_HOSTS)
    url_policy: UrlPolicy = STRICT


# ``async def some_pass(env) -> int``: the number of items it processed
JobPass = Callable[[JobEnvironment], Awaitable[int]]
# a pass under the name ``jobs run`` reports it by
NamedPass = tuple[str, JobPass]
Passes = Sequence[NamedPass]
