"""The one mapping from ``Settings`` to what the job passes read.

``jobs run``/``jobs serve`` (``gateway.jobs_command``), the job passes ``serve`` runs itself
(``gateway.in_process_jobs``) and its in-process webhook delivery (``gateway.events.runtime``)
all build their ``JobEnvironment`` here, so every ``GATEWAY_*`` setting a pass obeys reaches it
whichever process runs the pass.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.protection.http import url_policy
from gateway.settings import Settings
from resolvers.core.clock import Clock
from resolvers.core.request_rules import RequestRules
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy


def job_environment(settings: Settings, engine: AsyncEngine, clock: Clock) -> JobEnvironment:
    """The passes' environment: the lifecycle policy and the webhook URL policy."""
    return JobEnvironment(engine, clock, lifecycle_policy(settings), url_policy(settings))


def request_rules(settings: Settings) -> RequestRules:
    """What requests obey of the same settings (a flagged account's purchases, releases)."""
    policy = lifecycle_policy(settings)
    return RequestRules(churn=policy.churn, aging_period=policy.aging_period)


def lifecycle_policy(settings: Settings) -> LifecyclePolicy:
    """The jobs, reclaim, fraud and webhook settings as the policy the passes read."""
    return LifecyclePolicy(
        batch_size=settings.jobs_batch_size,
        renewal_accounts_per_claim=settings.jobs_renewal_accounts_per_claim,
        reclaim_grace_period=timedelta(days=settings.reclaim_grace_days),
        reclaim_batch_size=settings.reclaim_batch_size,
        fraud_window=timedelta(hours=settings.fraud_window_hours),
        fraud_flag_threshold=settings.fraud_flag_threshold,
        fraud_suspend_threshold=settings.fraud_suspend_threshold,
        aging_period=timedelta(days=settings.aging_days),
        webhook_max_attempts=settings.webhook_max_attempts,
        webhook_first_retry=timedelta(seconds=settings.webhook_first_retry_seconds),
        webhook_secret=settings.webhook_secret,
    )
