"""The job passes inside ``serve``: with ``GATEWAY_JOBS_IN_PROCESS`` (the default), each gateway
process runs every pass of ``resolvers.schedule.JOB_PASSES`` at start, then every
``GATEWAY_JOBS_IN_PROCESS_INTERVAL_SECONDS``, so ``make run`` moves hosted orders, charges
renewals and sends webhooks without a separate ``jobs serve``. The passes obey the same settings
as ``jobs`` (``gateway.job_settings``) and are safe with any number of runners, so several
workers, or a ``jobs serve`` besides, only share the work. Deployments that keep the passes in
their own process turn it off.

Shutdown lets the run in progress finish (cancelling a pass mid-statement would abandon its
connection) and cancels it only after the webhook timeout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.events.runtime import stop_gracefully
from gateway.job_settings import job_environment
from gateway.settings import Settings
from resolvers.core.clock import Clock
from resolvers.jobs.runner import PassResult, run_forever
from resolvers.schedule import JOB_PASSES

log = logging.getLogger("gateway.jobs")


@asynccontextmanager
async def in_process_jobs(
    settings: Settings, engine: AsyncEngine, clock: Clock
) -> AsyncIterator[None]:
    """Run the job passes in the background until the block ends (when the setting says so)."""
    if not settings.jobs_in_process:
        yield
        return
    env = job_environment(settings, engine, clock)
    stopping = asyncio.Event()
    interval = settings.jobs_in_process_interval_seconds
    runs = asyncio.create_task(
        run_forever(env, interval, stopping, _log_work, JOB_PASSES), name="job-passes"
    )
    try:
        yield
    finally:
        await stop_gracefully(runs, stopping, env.policy.webhook_timeout.total_seconds())


def _log_work(results: list[PassResult]) -> None:
    """One line for a run that did something (an idle run every few seconds says nothing)."""
    if any(result.count or result.error for result in results):
        parts = [f"{r.name}={'FAILED' if r.error else r.count}" for r in results]
        log.info("job passes: %s", " ".join(parts))
