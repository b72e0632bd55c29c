"""Status callbacks get every event of their node as a signed JSON POST, retried with a
doubling delay until they answer 2xx (DELIVERED) or the attempts run out (FAILED).

The receiver is a real HTTP server on 127.0.0.1; time moves with the FixedClock.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import orjson

from resolvers.core.url_policy import STRICT, UrlPolicy
from resolvers.events.signing import signature_matches
from resolvers.events.webhooks import deliver_webhooks
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from tests.events.receiver import receiving
from tests.events.support import (
    LOOPBACK_ALLOWED,
    SF,
    bought,
    deliveries_in,
    events_in,
    set_status_callback,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.mutations import call
from tests.support.numbers import Caller
from tests.support.provisioning import Buyer, new_buyer

SECRET = "whsec-test"
SECOND = timedelta(seconds=1)


def environment(gateway: Gateway, **policy: object) -> JobEnvironment:
    """The delivery pass's environment for an operator who allowed 127.0.0.1."""
    return JobEnvironment(
        gateway.engine,
        gateway.clock,
        LifecyclePolicy(webhook_secret=SECRET, **policy),  # type: ignore[arg-type]
        LOOPBACK_ALLOWED,
    )


async def run_pass(env: JobEnvironment) -> int:
    return await deliver_webhooks(env)


async def deliver_webhooks_under(policy: UrlPolicy, env: JobEnvironment) -> int:
    return await deliver_webhooks(replace(env, url_policy=policy))


async def configured_with_callback(gateway: Gateway, buyer: Buyer, url: str) -> str:
    """A number of ``buyer`` whose status callback is ``url``, then renamed (one CONFIGURED
    event, one delivery)."""
    sid = await bought(gateway, buyer)
    await set_status_callback(gateway.engine, sid, url)
    caller = Caller(buyer.sid, buyer.token)
    payload = await call(gateway, caller, "configurePhoneNumber", sid=sid, friendlyName="Desk")
    assert payload["userErrors"] == []
    return sid


async def test_retried_with_growing_delays_until_delivered(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    env = environment(gateway)
    async with receiving([500, 502, 200]) as receiver:
        sid = await configured_with_callback(gateway, buyer, receiver.url)
        assert await run_pass(env) == 1
        [delivery] = await deliveries_in(gateway.engine)
        assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
            "PENDING",
            1,
            500,
        )
        assert delivery["next_attempt_at"] == T0 + 30 * SECOND
        assert delivery["last_error"] == "HTTP 500"
        assert await run_pass(env) == 0  # not due yet
        gateway.clock.advance(30 * SECOND)
        assert await run_pass(env) == 1
        [delivery] = await deliveries_in(gateway.engine)
        assert delivery["next_attempt_at"] == T0 + 90 * SECOND  # 60 s after the 2nd failure
        gateway.clock.advance(59 * SECOND)
        assert await run_pass(env) == 0
        gateway.clock.advance(SECOND)
        assert await run_pass(env) == 1
        assert await run_pass(env) == 0
    [delivery] = await deliveries_in(gateway.engine)
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "DELIVERED",
        3,
        200,
    )
    assert (delivery["delivered_at"], delivery["next_attempt_at"], delivery["last_error"]) == (
        T0 + 90 * SECOND,
        None,
        None,
    )
    assert len(receiver.requests) == 3
    event = (await events_in(gateway.engine))[-1]
    for number, request in enumerate(receiver.requests, start=1):
        assert (request.method, request.path) == ("POST", "/hooks/numbers")
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-gateway-event-sid"] == event["sid"]
        assert request.headers["x-gateway-delivery-attempt"] == str(number)
        assert signature_matches(SECRET, request.body, request.headers["x-gateway-signature"])
        assert not signature_matches(
            "another secret", request.body, request.headers["x-gateway-signature"]
        )
        body = orjson.loads(request.body)
        assert body == {
            "eventSid": event["sid"],
            "kind": "CONFIGURED",
            "accountSid": buyer.sid,
            "nodeType": "ActiveNumber",
            "nodeSid": sid,
            "occurredAt": "2026-01-15T12:00:00+00:00",
            "data": {"phoneNumber": SF, "changed": ["friendly_name"]},
        }


async def test_a_receiver_that_always_fails_ends_failed_at_the_cap(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    env = environment(gateway, webhook_max_attempts=3)
    async with receiving([503]) as receiver:
        await configured_with_callback(gateway, buyer, receiver.url)
        delays = []
        for _ in range(5):
            if await run_pass(env) == 0:
                break
            [delivery] = await deliveries_in(gateway.engine)
            if delivery["next_attempt_at"] is not None:
                delays.append(delivery["next_attempt_at"] - gateway.clock.now())
                gateway.clock.current = delivery["next_attempt_at"]
    assert delays == [30 * SECOND, 60 * SECOND]
    assert len(receiver.requests) == 3
    [delivery] = await deliveries_in(gateway.engine)
    assert (delivery["status"], delivery["attempts"], delivery["next_attempt_at"]) == (
        "FAILED",
        3,
        None,
    )
    assert (delivery["last_status_code"], delivery["last_error"]) == (503, "HTTP 503")
    gateway.clock.advance(timedelta(days=1))
    assert await run_pass(env) == 0  # FAILED is final


async def test_an_unreachable_url_is_retried_with_the_reason(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    async with receiving([200]) as receiver:
        closed = receiver.url  # the server stops before delivery: connection refused
    await configured_with_callback(gateway, buyer, closed)
    assert await run_pass(environment(gateway)) == 1
    [delivery] = await deliveries_in(gateway.engine)
    assert (delivery["status"], delivery["last_status_code"]) == ("PENDING", None)
    assert delivery["last_error"].startswith("ConnectError")


async def test_concurrent_passes_post_each_delivery_once(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    async with receiving([200]) as receiver:
        sid = await bought(gateway, buyer)
        await set_status_callback(gateway.engine, sid, receiver.url)
        caller = Caller(buyer.sid, buyer.token)
        for name in ("A", "B", "C", "D"):
            payload = await call(
                gateway, caller, "configurePhoneNumber", sid=sid, friendlyName=name
            )
            assert payload["userErrors"] == []
        env = environment(gateway)
        counts = await asyncio.gather(*(run_pass(env) for _ in range(3)))
    assert sum(counts) == 4
    assert len(receiver.requests) == 4
    assert len({r.headers["x-gateway-event-sid"] for r in receiver.requests}) == 4
    assert {d["status"] for d in await deliveries_in(gateway.engine)} == {"DELIVERED"}


async def test_a_private_target_is_refused_without_a_post(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    async with receiving([200]) as receiver:
        await configured_with_callback(gateway, buyer, receiver.url)
        assert await deliver_webhooks_under(STRICT, environment(gateway)) == 1
    assert receiver.requests == []
    [delivery] = await deliveries_in(gateway.engine)
    assert (delivery["status"], delivery["attempts"], delivery["next_attempt_at"]) == (
        "FAILED",
        1,
        None,
    )
    assert delivery["last_error"] == ("refused by the URL policy: a loopback address (127.0.0.1)")
