"""``serve`` with in-process delivery (``GATEWAY_WEBHOOK_DELIVERY_INTERVAL`` > 0) obeys the
same webhook settings as ``jobs``: attempts, first retry delay, batch size, secret and the URL
policy. A receiver on loopback sees what the settings ask for; the clock is the test's, so a
retry is due exactly when the setting says and not a moment before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.clock import FixedClock
from resolvers.events.signing import signature_matches
from resolvers.jobs.environment import LifecyclePolicy
from tests.events.receiver import receiving
from tests.settings.support import deliveries, queue_deliveries, served
from tests.support.factories import T0

SECRET = "in-process-secret"
INTERVAL = "0.02"  # seconds between the delivery loop's rounds
LEASE = LifecyclePolicy().webhook_timeout * 2  # a claimed delivery's next_attempt_at


async def until(condition: Callable[[], Awaitable[bool]], seconds: float = 15.0) -> None:
    """Poll the database (the delivery loop runs in this event loop: nothing to wait on)."""
    async with asyncio.timeout(seconds):
        while True:  # until the condition holds or the time is up
            if await condition():
                return
            await asyncio.sleep(0.02)


async def test_attempts_retry_delay_secret_and_allowed_hosts(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(T0)
    settings = {
        "GATEWAY_WEBHOOK_DELIVERY_INTERVAL": INTERVAL,
        "GATEWAY_WEBHOOK_MAX_ATTEMPTS": "2",
        "GATEWAY_WEBHOOK_FIRST_RETRY_SECONDS": "120",
        "GATEWAY_WEBHOOK_SECRET": SECRET,
        "GATEWAY_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    }
    async with (
        receiving([503]) as receiver,
        served(monkeypatch, database_url, clock, **settings) as gateway,
    ):
        await queue_deliveries(gateway.engine, receiver.url, 1, T0)
        await until(lambda: _outcome_recorded(gateway.engine, lease_ends=T0 + LEASE))
        [delivery] = await deliveries(gateway.engine)
        assert delivery["next_attempt_at"] == T0 + timedelta(seconds=120)
        clock.advance(timedelta(seconds=119))
        await asyncio.sleep(0.3)  # many rounds of the loop: not due yet
        assert len(receiver.requests) == 1
        clock.advance(timedelta(seconds=1))
        await until(lambda: _failed(gateway.engine))
        await asyncio.sleep(0.3)  # many more rounds: nothing left to retry
    assert len(receiver.requests) == 2  # the second failure was final
    [delivery] = await deliveries(gateway.engine)  # the app stopped: this engine is ours
    await gateway.engine.dispose()
    assert (delivery["status"], delivery["attempts"]) == ("FAILED", 2)
    for request in receiver.requests:
        assert signature_matches(SECRET, request.body, request.headers["x-gateway-signature"])


async def test_batch_size_and_private_webhooks(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(T0)
    settings = {
        "GATEWAY_WEBHOOK_DELIVERY_INTERVAL": INTERVAL,
        "GATEWAY_JOBS_BATCH_SIZE": "2",
        "GATEWAY_ALLOW_PRIVATE_WEBHOOKS": "true",
    }
    async with (
        receiving([200], delay=0.2) as receiver,
        served(monkeypatch, database_url, clock, **settings) as gateway,
    ):
        await queue_deliveries(gateway.engine, receiver.url, 5, T0)
        await until(lambda: _all_delivered(gateway.engine, 5))
    assert len(receiver.requests) == 5
    assert receiver.most_in_flight == 2  # one claim's POSTs go out together: 2 at a time


async def _outcome_recorded(engine: AsyncEngine, lease_ends: datetime) -> bool:
    """The claim's lease (``next_attempt_at`` while the POST is out) gave way to the outcome."""
    [delivery] = await deliveries(engine)
    return bool(delivery["attempts"] == 1 and delivery["next_attempt_at"] != lease_ends)


async def _failed(engine: AsyncEngine) -> bool:
    [delivery] = await deliveries(engine)
    return bool(delivery["status"] == "FAILED")


async def _all_delivered(engine: AsyncEngine, count: int) -> bool:
    found = await deliveries(engine)
    return len(found) == count and all(d["status"] == "DELIVERED" for d in found)
