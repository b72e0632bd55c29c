"""What a ``jobs`` process needs around its passes (``gateway/jobs_command.py`` runs them in it):

- their environment, from the one settings mapping (``gateway.job_settings``): the policy,
  the webhook secret and the URL policy (``GATEWAY_ALLOW_PRIVATE_WEBHOOKS`` /
  ``GATEWAY_WEBHOOK_ALLOWED_HOSTS``) that delivery obeys;
- with ``GATEWAY_REDIS_URL``, publishing the events its passes commit (RENEWED,
  RECLAIM_WARNING …) to the gateways' subscribers; on PostgreSQL without Redis, pg_notify in
  ``record_event`` already reaches them, and SQLite gateways poll.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.events.redis_relay import RedisPublisher
from gateway.job_settings import job_environment
from gateway.settings import Settings
from resolvers.core.clock import Clock
from resolvers.jobs.environment import JobEnvironment


@asynccontextmanager
async def job_event_services(
    settings: Settings, engine: AsyncEngine, clock: Clock
) -> AsyncIterator[JobEnvironment]:
    publisher = RedisPublisher(engine, settings.redis_url) if settings.redis_url else None
    try:
        yield job_environment(settings, engine, clock)
    finally:
        if publisher is not None:
            await publisher.close()
