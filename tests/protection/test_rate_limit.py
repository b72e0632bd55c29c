"""Per-account token buckets by cost: 429 with Retry-After when empty, refilled by the clock;
in process by default, shared through Redis between gateway processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis

from resolvers.core.clock import FixedClock
from tests.protection.support import error_of, gateway_with
from tests.support.client import Gateway, basic_auth
from tests.support.factories import T0, add_account
from tests.support.numbers import sign_in

REDIS_URL = "redis://127.0.0.1:6379/0"
TEN = "{ activeNumbers(first: 8) { nodes { sid } } }"  # requested cost 2 + 8 = 10
# requested 10 and actual 10 (no refund): five objects each holding one object
SPENDS_TEN = "{ " + " ".join(f"v{i}: viewer {{ balance {{ amount }} }}" for i in range(5)) + " }"


def database_url_of(gateway: Gateway) -> str:
    return gateway.engine.url.render_as_string(hide_password=False)


async def test_an_empty_bucket_answers_429_until_it_refills(gateway: Gateway) -> None:
    await sign_in(gateway)
    clock = FixedClock(T0)
    settings: dict[str, Any] = {"rate_limit_capacity": 30, "rate_limit_restore_rate": 2.0}
    async with gateway_with(database_url_of(gateway), clock, settings) as limited:
        limited.auth = gateway.auth
        # nothing owned: each request actually costs 2 of its requested 10
        statuses = [(await limited.post(TEN)).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        big = "{ activeNumbers(first: 28) { nodes { sid } } }"  # requested 30 > 24 available
        response = await limited.post(big)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "3"  # 6 points at 2 a second
        error = error_of(response)
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["extensions"]["retryAfter"] == 3.0
        assert error["extensions"]["cost"] == 30
        throttle = response.json()["extensions"]["cost"]["throttleStatus"]
        assert throttle == {"maximumAvailable": 30, "currentlyAvailable": 24, "restoreRate": 2.0}
        clock.advance(timedelta(seconds=2.9))
        assert (await limited.post(big)).status_code == 429
        clock.advance(timedelta(seconds=0.1))
        assert (await limited.post(big)).status_code == 200


async def test_each_account_has_its_own_bucket(gateway: Gateway) -> None:
    first = await add_account(gateway.engine)
    second = await add_account(gateway.engine)
    settings: dict[str, Any] = {"rate_limit_capacity": 10, "rate_limit_restore_rate": 1.0}
    async with gateway_with(database_url_of(gateway), None, settings) as limited:
        query = SPENDS_TEN
        assert (
            await limited.post(query, auth=basic_auth(first.sid, first.token))
        ).status_code == 200
        assert (
            await limited.post(query, auth=basic_auth(first.sid, first.token))
        ).status_code == 429
        assert (
            await limited.post(query, auth=basic_auth(second.sid, second.token))
        ).status_code == 200


async def test_rate_limiting_can_be_switched_off(gateway: Gateway) -> None:
    await sign_in(gateway)
    settings: dict[str, Any] = {"rate_limit_enabled": False, "rate_limit_capacity": 1}
    async with gateway_with(database_url_of(gateway), None, settings) as unlimited:
        unlimited.auth = gateway.auth
        for _ in range(3):
            response = await unlimited.post(TEN)
            assert response.status_code == 200
            assert "throttleStatus" not in response.json()["extensions"]["cost"]


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"test-gateway-{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(prefix + "*"):
        client.delete(key)
    client.close()


async def test_two_gateways_sharing_redis_share_a_bucket(
    gateway: Gateway, redis_prefix: str
) -> None:
    await sign_in(gateway)
    clock = FixedClock(T0)
    settings: dict[str, Any] = {
        "redis_url": REDIS_URL,
        "rate_limit_redis_prefix": redis_prefix,
        "rate_limit_capacity": 25,
        "rate_limit_restore_rate": 5.0,
    }
    query = SPENDS_TEN
    url = database_url_of(gateway)
    async with (
        gateway_with(url, clock, settings) as one,
        gateway_with(url, clock, settings) as two,
    ):
        one.auth = two.auth = gateway.auth
        assert (await one.post(query)).status_code == 200
        response = await two.post(query)
        assert response.status_code == 200
        assert response.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 5
        refused = await one.post(query)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        assert error_of(refused)["extensions"]["retryAfter"] == 1.0
        clock.advance(timedelta(seconds=1))
        assert (await two.post(query)).status_code == 200
    client = redis.Redis.from_url(REDIS_URL)
    assert list(client.scan_iter(redis_prefix + "*"))  # the bucket lived in Redis
    client.close()


async def test_an_unreachable_redis_lets_requests_through(gateway: Gateway) -> None:
    await sign_in(gateway)
    settings: dict[str, Any] = {"redis_url": "redis://127.0.0.1:1/0", "rate_limit_capacity": 1}
    async with gateway_with(database_url_of(gateway), None, settings) as broken:
        broken.auth = gateway.auth
        assert (await broken.post(TEN)).status_code == 200
