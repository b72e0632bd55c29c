"""What a ``jobs`` process needs for events (``gateway/jobs_command.py`` wraps its passes in it):

- the operator's URL policy (``GATEWAY_ALLOW_PRIVATE_WEBHOOKS`` / ``GATEWAY_WEBHOOK_ALLOWED_HOSTS``)
  for ``deliver_webhooks``, which otherwise applies the strict default;
- with ``GATEWAY_REDIS_URL``, publishing the events its passes commit (RENEWED,
  RECLAIM_WARNING …) to the gateways' subscribers; on PostgreSQL without Redis, pg_notify in
  ``record_event`` already reaches them, and SQLite gateways poll.

The webhook secret reaches the pass through ``LifecyclePolicy.webhook_secret`` (see
``webhook_policy_fields``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.events.redis_relay import RedisPublisher
from gateway.protection.http import url_policy
from gateway.settings import Settings
from resolvers.core.url_policy import use_policy


def webhook_policy_fields(settings: Settings) -> dict[str, Any]:
    """``LifecyclePolicy(**webhook_policy_fields(settings), …)``."""
    return {"webhook_secret": settings.webhook_secret}


@asynccontextmanager
async def job_event_services(settings: Settings, engine: AsyncEngine) -> AsyncIterator[None]:
    use_policy(url_policy(settings))
    publisher = RedisPublisher(engine, settings.redis_url) if settings.redis_url else None
    try:
        yield
    finally:
        if publisher is not None:
            await publisher.close()
