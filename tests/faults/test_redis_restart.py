"""Redis killed and restarted (issue #13 item 10): a private ``redis-server``
(``tests.support.services``) goes away under a gateway that uses it for rate limiting and
for event fan-out, then comes back. Rate limiting fails open, quickly, while it is away and
limits again once it is back; ``numberEvents`` subscribers keep getting every committed event
(read from the outbox meanwhile) and the Redis subscription is taken up again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from redis.asyncio import Redis

from gateway.events.redis_relay import CHANNEL
from gateway.events.runtime import event_services
from gateway.settings import Settings
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from tests.protection.support import gateway_with
from tests.protection.test_rate_limit import SPENDS_TEN, database_url_of
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import sign_in
from tests.support.provisioning import new_buyer
from tests.support.services import PrivateRedis, private_redis

FAIL_OPEN_LIMIT_SECONDS = 1.0
EVENT_TIMEOUT_SECONDS = 10.0


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    with private_redis() as server:
        yield server


async def _statuses(limited: Gateway, count: int) -> list[int]:
    return [(await limited.post(SPENDS_TEN)).status_code for _ in range(count)]


async def test_rate_limiting_fails_open_while_redis_is_down_and_limits_again_after(
    gateway: Gateway, redis_server: PrivateRedis
) -> None:
    await sign_in(gateway)
    settings: dict[str, Any] = {
        "redis_url": redis_server.url,
        "rate_limit_capacity": 10,  # one SPENDS_TEN; the fixed clock never refills it
        "rate_limit_restore_rate": 1.0,
    }
    async with gateway_with(database_url_of(gateway), None, settings) as limited:
        limited.auth = gateway.auth
        assert await _statuses(limited, 2) == [200, 429]
        redis_server.kill()
        started = time.monotonic()
        assert await _statuses(limited, 3) == [200, 200, 200]  # let through, not refused
        assert time.monotonic() - started < 3 * FAIL_OPEN_LIMIT_SECONDS
        redis_server.start()  # empty: no persistence, so the bucket starts full
        assert await _statuses(limited, 2) == [200, 429]


async def _record(gateway: Gateway, account_sid: str, kind: str) -> None:
    async def write(conn: Any) -> None:
        await record_event(
            conn,
            account_sid=account_sid,
            kind=kind,
            node_type="Account",
            node_sid=account_sid,
            now=T0,
        )

    await transact(gateway.engine, write)


async def _next_kind(events: AsyncIterator[dict[str, Any]]) -> str:
    event = await asyncio.wait_for(anext(events), EVENT_TIMEOUT_SECONDS)
    return str(event["kind"])


async def _subscribed(redis_server: PrivateRedis) -> int:
    client = Redis.from_url(redis_server.url)
    try:
        counts = await client.pubsub_numsub(CHANNEL)
        return int(counts[0][1])
    finally:
        await client.aclose()


async def _until_subscribed(redis_server: PrivateRedis) -> None:
    for _ in range(int(EVENT_TIMEOUT_SECONDS / 0.1)):
        if await _subscribed(redis_server) > 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the event source never subscribed to Redis again")


async def test_subscribers_get_every_event_while_redis_is_down_and_after(
    gateway: Gateway, redis_server: PrivateRedis
) -> None:
    buyer = await new_buyer(gateway.engine)
    settings = Settings(database_url="sqlite://", redis_url=redis_server.url)
    async with (
        event_services(settings, gateway.engine, gateway.clock) as broker,
        broker.subscribe() as events,
    ):
        await _record(gateway, buyer.sid, "BEFORE")
        assert await _next_kind(events) == "BEFORE"
        redis_server.kill()
        await _record(gateway, buyer.sid, "WHILE_DOWN")
        assert await _next_kind(events) == "WHILE_DOWN"  # from the outbox
        redis_server.start()
        await _until_subscribed(redis_server)
        await _record(gateway, buyer.sid, "AFTER")
        assert await _next_kind(events) == "AFTER"
