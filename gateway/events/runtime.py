"""The events side of a running gateway, owned by the app's lifespan: the event broker and
its source (Redis pub/sub when ``GATEWAY_REDIS_URL`` is set, with this process publishing the
events it commits; else LISTEN/NOTIFY on PostgreSQL, polling on SQLite) and, when
``GATEWAY_WEBHOOK_DELIVERY_INTERVAL`` > 0, a loop running the webhook delivery pass with the
same settings as ``jobs`` (``gateway.job_settings``): attempts, retry delays, batch size,
secret and URL policy."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.events.broker import EventBroker
from gateway.events.redis_relay import RedisPublisher, RedisSource
from gateway.events.sources import PostgresListener, SqlitePoller
from gateway.job_settings import job_environment
from gateway.settings import Settings
from resolvers.core.clock import Clock
from resolvers.events.webhooks import deliver_webhooks
from resolvers.jobs.environment import JobEnvironment

log = logging.getLogger("gateway.events")


def event_broker(settings: Settings, engine: AsyncEngine) -> EventBroker:
    broker = EventBroker(engine)
    if settings.redis_url:
        broker.source = RedisSource(broker, settings.redis_url)
    elif engine.dialect.name == "postgresql":
        broker.source = PostgresListener(broker, engine)
    else:
        broker.source = SqlitePoller(broker, engine, settings.events_poll_interval)
    return broker


@asynccontextmanager
async def event_services(
    settings: Settings, engine: AsyncEngine, clock: Clock
) -> AsyncIterator[EventBroker]:
    broker = event_broker(settings, engine)
    publisher = RedisPublisher(engine, settings.redis_url) if settings.redis_url else None
    delivery: asyncio.Task[None] | None = None
    stopping = asyncio.Event()
    env = job_environment(settings, engine, clock)
    if settings.webhook_delivery_interval > 0:
        delivery = asyncio.create_task(
            _deliver_until(env, settings.webhook_delivery_interval, stopping),
            name="webhook-delivery",
        )
    try:
        yield broker
    finally:
        if delivery is not None:
            await stop_gracefully(delivery, stopping, env.policy.webhook_timeout.total_seconds())
        await broker.stop()
        if publisher is not None:
            await publisher.close()


async def _deliver_until(env: JobEnvironment, interval: float, stopping: asyncio.Event) -> None:
    while not stopping.is_set():
        try:
            while not stopping.is_set() and await deliver_webhooks(env) > 0:
                pass  # a full batch: there may be more due right away
        except Exception:  # the next round retries; deliveries stay PENDING meanwhile
            log.exception("webhook delivery pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), interval)


async def stop_gracefully(
    task: asyncio.Task[object], stopping: asyncio.Event, grace: float
) -> None:
    """Let the pass in progress finish (cancelling it mid-statement would abandon its database
    connection); cancel only a pass still running after ``grace`` seconds."""
    stopping.set()
    try:
        await asyncio.wait_for(asyncio.shield(task), grace)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
