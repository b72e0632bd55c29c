"""A released hosted number: restorable for 3 days (not 10), never for sale here, and after
those 3 days it leaves the network, free to be hosted again (REFERENCE.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from resolvers.catalog.aging import return_aged_numbers
from resolvers.core.tables import catalog_numbers
from resolvers.jobs.environment import JobEnvironment
from resolvers.provisioning.restore_windows import expire_restore_windows
from tests.hosted.support import (
    LANDLINE,
    add_address,
    add_lookup,
    add_prices,
    call,
    get_order,
    new_document,
    new_order,
    ok,
    run_timers,
    sign,
    signed_orders,
)
from tests.support.client import Gateway
from tests.support.numbers import Caller, new_caller
from tests.support.provisioning import Buyer, release, restore

SEARCH = (
    'query { availableNumbers(search: { isoCountry: "US", contains: "+14155550100" }) '
    "{ nodes { phoneNumber } } }"
)


async def _hosted_number(gateway: Gateway) -> tuple[Caller, dict[str, Any]]:
    caller = await new_caller(gateway.engine, balance_minor=10_000)
    [sid] = await signed_orders(gateway, caller, {LANDLINE: "LANDLINE"})
    gateway.clock.advance(timedelta(days=1))
    assert await run_timers(gateway) == 1
    return caller, await get_order(gateway, caller, sid)


async def _catalog_state(gateway: Gateway) -> str | None:
    async with gateway.engine.connect() as conn:
        state = await conn.scalar(
            select(catalog_numbers.c.state).where(catalog_numbers.c.phone_number == LANDLINE)
        )
    return None if state is None else str(state)


async def _run_aging_jobs(gateway: Gateway) -> int:
    env = JobEnvironment(gateway.engine, gateway.clock)
    return await expire_restore_windows(env) + await return_aged_numbers(env)


async def test_released_hosted_number_is_held_three_days_then_leaves(gateway: Gateway) -> None:
    caller, order = await _hosted_number(gateway)
    owner = Buyer(caller.sid, caller.token)
    released = await release(gateway, owner, sid=order["activeNumberSid"])
    assert released["userErrors"] == []
    restorable = released["releasedNumber"]["restorableUntil"]
    assert restorable == (gateway.clock.now() + timedelta(days=3)).isoformat() + "+00:00"
    stranger = await new_caller(gateway.engine, balance_minor=10_000)
    assert (await gateway.gql(SEARCH, auth=stranger.auth))["availableNumbers"]["nodes"] == []

    gateway.clock.advance(timedelta(days=3, seconds=1))
    assert await _run_aging_jobs(gateway) == 1
    assert await _catalog_state(gateway) == "departed"
    gateway.clock.advance(timedelta(days=90))  # no quarantine ends: it is not ours to sell
    assert await _run_aging_jobs(gateway) == 0
    assert (await gateway.gql(SEARCH, auth=stranger.auth))["availableNumbers"]["nodes"] == []
    late = await restore(gateway, owner, phoneNumber=LANDLINE)
    assert [error["code"] for error in late["userErrors"]] == ["RESTORE_WINDOW_EXPIRED"]
    assert "3 days" in late["userErrors"][0]["message"]

    again = await call(
        gateway,
        caller,
        "createHostedNumberOrder",
        phoneNumber=LANDLINE,
        addressSid=order["addressSid"],
        email="a@b.co",
    )
    assert ok(again)["hostedNumberOrder"]["status"] == "PENDING_VERIFICATION"


async def test_a_released_hosted_number_is_restorable_within_three_days(gateway: Gateway) -> None:
    caller, order = await _hosted_number(gateway)
    owner = Buyer(caller.sid, caller.token)
    assert (await release(gateway, owner, sid=order["activeNumberSid"]))["userErrors"] == []
    gateway.clock.advance(timedelta(days=2))
    restored = await restore(gateway, owner, phoneNumber=LANDLINE)
    assert restored["userErrors"] == []
    assert restored["activeNumber"]["sid"] == order["activeNumberSid"]
    assert await _catalog_state(gateway) == "assigned"


async def test_hosting_uses_up_a_verified_caller_id(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine, balance_minor=10_000)
    await add_prices(gateway)
    await add_lookup(gateway, LANDLINE, verified_for=caller.sid)
    address = await add_address(gateway, caller.sid)
    order = await new_order(gateway, caller, address)
    assert order["status"] == "PENDING_LOA"  # its own verified caller ID: no call
    await sign(gateway, await new_document(gateway, caller, address, [order["sid"]]))
    gateway.clock.advance(timedelta(days=1))
    assert await run_timers(gateway) == 1
    hosted = await get_order(gateway, caller, order["sid"])
    owner = Buyer(caller.sid, caller.token)
    assert (await release(gateway, owner, sid=hosted["activeNumberSid"]))["userErrors"] == []
    gateway.clock.advance(timedelta(days=3, seconds=1))
    assert await _run_aging_jobs(gateway) == 1  # it left the network
    again = ok(
        await call(
            gateway,
            caller,
            "createHostedNumberOrder",
            phoneNumber=LANDLINE,
            addressSid=address,
            email="a@b.co",
        )
    )
    assert again["hostedNumberOrder"]["status"] == "PENDING_VERIFICATION"  # proven by call again
