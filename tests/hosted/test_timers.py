"""hosted_order_timers_pass: 7-day expiries, business-day carrier steps, completion."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from resolvers.core.tables import accounts, catalog_numbers, ledger_entries
from tests.hosted.support import (
    CUSTOMER,
    LANDLINE,
    LOCAL_MONTHLY,
    TOLLFREE,
    add_address,
    add_lookup,
    call,
    get_order,
    new_document,
    new_order,
    ok,
    refused,
    run_timers,
    signed_orders,
    status_events,
    verify,
)
from tests.support.client import Gateway
from tests.support.factories import add_catalog, add_owned, catalog_row
from tests.support.numbers import new_caller

SID = ["input", "sid"]
ACTIVE = (
    "{ activeNumbers(filter: { origin: [HOSTED] }) { totalCount nodes { sid phoneNumber "
    "friendlyName origin status type capabilities { voice { fax } sms { inboundConnectivity } "
    "mms { inboundMps } } configuration { sms { url method } } billing { monthlyFee { amount } "
    "setupFee { amount } } regulatory { address { customerName } } } } }"
)


async def test_the_whole_way_to_an_active_hosted_number(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine, balance_minor=1_000)
    [sid] = await signed_orders(gateway, caller, {LANDLINE: "LANDLINE"})
    assert await run_timers(gateway) == 0  # Thursday: the carrier is not done yet
    gateway.clock.advance(timedelta(days=1))  # Friday, one business day later
    assert await run_timers(gateway) == 1
    assert await run_timers(gateway) == 0  # idempotent at the same time
    order = await get_order(gateway, caller, sid)
    assert order["status"] == "COMPLETED"
    assert order["deadlineAt"] is None
    assert order["activeNumberSid"].startswith("PN")
    assert (await status_events(gateway, sid))[-3:] == [
        ("PENDING_LOA", "CARRIER_PROCESSING"),
        ("CARRIER_PROCESSING", "TESTING"),
        ("TESTING", "COMPLETED"),
    ]
    [number] = (await gateway.gql(ACTIVE, auth=caller.auth))["activeNumbers"]["nodes"]
    assert number["sid"] == order["activeNumberSid"]
    assert (number["phoneNumber"], number["origin"], number["status"], number["type"]) == (
        LANDLINE,
        "HOSTED",
        "IN_USE",
        "LOCAL",
    )
    assert number["friendlyName"] == "(415) 555-0100"
    assert number["capabilities"] == {  # messaging here, calls with its carrier
        "voice": None,
        "sms": {"inboundConnectivity": True},
        "mms": {"inboundMps": -1},
    }
    assert number["configuration"]["sms"] == {"url": "https://example.com/in", "method": "POST"}
    assert number["billing"]["monthlyFee"]["amount"] == "1.15"  # the price list's LOCAL fee
    assert number["billing"]["setupFee"]["amount"] == "0.00"
    assert number["regulatory"]["address"]["customerName"] == CUSTOMER
    async with gateway.engine.connect() as conn:
        state = await conn.scalar(
            select(catalog_numbers.c.state).where(catalog_numbers.c.phone_number == LANDLINE)
        )
        balance = await conn.scalar(
            select(accounts.c.balance_minor).where(accounts.c.sid == caller.sid)
        )
        charges = (
            await conn.execute(
                select(ledger_entries.c.kind, ledger_entries.c.amount_minor).where(
                    ledger_entries.c.account_sid == caller.sid,
                    ledger_entries.c.number_sid == number["sid"],
                )
            )
        ).all()
    assert (state, balance) == ("assigned", 1_000 - LOCAL_MONTHLY)
    assert [tuple(row) for row in charges] == [("PURCHASE", -LOCAL_MONTHLY)]
    refused(
        await call(gateway, caller, "cancelHostedNumberOrder", sid=sid),
        "HOSTED_ORDER_FINAL",
        22112,
        SID,
    )
    again = await call(
        gateway,
        caller,
        "createHostedNumberOrder",
        phoneNumber=LANDLINE,
        addressSid=order["addressSid"],
        email="a@b.co",
    )
    refused(again, "HOSTED_NUMBER_ALREADY_HOSTED", 22110, ["input", "phoneNumber"])


async def test_carrier_steps_count_business_days_across_a_weekend(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    gateway.clock.advance(timedelta(days=1))  # sign on Friday 12:00
    landline, tollfree = await signed_orders(
        gateway, caller, {LANDLINE: "LANDLINE", TOLLFREE: "TOLLFREE"}
    )
    gateway.clock.advance(timedelta(days=2, hours=23))  # Monday 11:00
    assert await run_timers(gateway) == 0
    gateway.clock.advance(timedelta(hours=1))  # Monday 12:00: one business day
    assert await run_timers(gateway) == 1
    assert (await get_order(gateway, caller, landline))["status"] == "COMPLETED"
    assert (await get_order(gateway, caller, tollfree))["status"] == "CARRIER_PROCESSING"
    gateway.clock.advance(timedelta(days=1))  # Tuesday 12:00: two business days
    assert await run_timers(gateway) == 1
    assert (await get_order(gateway, caller, tollfree))["status"] == "COMPLETED"
    data = await gateway.gql(ACTIVE, auth=caller.auth)
    assert data["activeNumbers"]["totalCount"] == 2
    fees = {
        node["type"]: node["billing"]["monthlyFee"]["amount"]
        for node in data["activeNumbers"]["nodes"]
    }
    assert fees == {"LOCAL": "1.15", "TOLLFREE": "2.15"}


async def test_the_monthly_fee_follows_the_price_list(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine, balance_minor=1_000)
    await signed_orders(gateway, caller, {LANDLINE: "LANDLINE"})
    dearer = [catalog_row(f"+1415555{n:04d}", monthly_fee_minor=140) for n in range(9991, 9993)]
    await add_catalog(gateway.engine, dearer)  # 1.40 is now the most common LOCAL fee
    gateway.clock.advance(timedelta(days=1))
    assert await run_timers(gateway) == 1
    [number] = (await gateway.gql(ACTIVE, auth=caller.auth))["activeNumbers"]["nodes"]
    assert number["billing"]["monthlyFee"]["amount"] == "1.40"
    pricing = await gateway.gql(
        '{ pricing(isoCountry: "US") { prices { type monthlyFee { amount } } } }',
        auth=caller.auth,
    )
    listed = {p["type"]: p["monthlyFee"]["amount"] for p in pricing["pricing"]["prices"]}
    assert listed["LOCAL"] == "1.40"


async def test_without_a_listed_price_activation_waits(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine, balance_minor=1_000)
    [sid] = await signed_orders(gateway, caller, {"+14165550100": "LANDLINE"})  # Canada
    gateway.clock.advance(timedelta(days=1))
    await run_timers(gateway)
    order = await get_order(gateway, caller, sid)
    assert order["status"] == "ACTION_REQUIRED"
    assert "no monthly price is listed for LOCAL numbers in CA" in order["failureReason"]
    assert (await gateway.gql(ACTIVE, auth=caller.auth))["activeNumbers"]["totalCount"] == 0
    await add_catalog(gateway.engine, [catalog_row("+14165559990", monthly_fee_minor=130)])
    gateway.clock.advance(timedelta(hours=1))
    assert await run_timers(gateway) == 1
    assert (await get_order(gateway, caller, sid))["status"] == "COMPLETED"
    [number] = (await gateway.gql(ACTIVE, auth=caller.auth))["activeNumbers"]["nodes"]
    assert number["billing"]["monthlyFee"]["amount"] == "1.30"


async def test_without_funds_activation_waits_in_action_required(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine, balance_minor=0)
    [sid] = await signed_orders(gateway, caller, {LANDLINE: "LANDLINE"})
    gateway.clock.advance(timedelta(days=1))
    await run_timers(gateway)
    order = await get_order(gateway, caller, sid)
    assert order["status"] == "ACTION_REQUIRED"
    assert "add funds" in order["failureReason"]
    assert (await gateway.gql(ACTIVE, auth=caller.auth))["activeNumbers"]["totalCount"] == 0
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update().where(accounts.c.sid == caller.sid).values(balance_minor=500)
        )
    assert await run_timers(gateway) == 0  # retried hourly
    gateway.clock.advance(timedelta(hours=1))
    assert await run_timers(gateway) == 1
    order = await get_order(gateway, caller, sid)
    assert (order["status"], order["failureReason"]) == ("COMPLETED", None)


async def test_an_unsigned_letter_fails_after_seven_days(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(gateway, caller, address)
    await verify(gateway, caller, order["sid"])
    document = await new_document(gateway, caller, address, [order["sid"]])
    gateway.clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert await run_timers(gateway) == 0
    gateway.clock.advance(timedelta(seconds=1))
    assert await run_timers(gateway) == 1
    failed = await get_order(gateway, caller, order["sid"])
    assert failed["status"] == "FAILED"
    assert "not signed within 7 days" in failed["failureReason"]
    docs = await gateway.gql(
        "{ authorizationDocuments { nodes { sid status failureReason } } }", auth=caller.auth
    )
    [node] = docs["authorizationDocuments"]["nodes"]
    assert (node["sid"], node["status"]) == (document["sid"], "FAILED")
    link = await gateway.http.get(document["signingUrl"])
    assert link.status_code == 410


async def test_idle_verification_fails_after_seven_days(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(gateway, caller, address)
    gateway.clock.advance(timedelta(days=6))
    ok(await call(gateway, caller, "startHostedNumberVerification", sid=order["sid"]))
    gateway.clock.advance(timedelta(days=6))  # 12 days after creation, 6 after the call
    assert await run_timers(gateway) == 0
    gateway.clock.advance(timedelta(days=1))
    assert await run_timers(gateway) == 1
    failed = await get_order(gateway, caller, order["sid"])
    assert failed["status"] == "FAILED"
    assert "not verified within 7 days" in failed["failureReason"]
    payload = await call(gateway, caller, "startHostedNumberVerification", sid=order["sid"])
    refused(payload, "HOSTED_ORDER_FINAL", 22112, SID)


async def test_canceling_every_order_cancels_the_letter(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(gateway, caller, address)
    await verify(gateway, caller, order["sid"])
    document = await new_document(gateway, caller, address, [order["sid"]])
    ok(await call(gateway, caller, "cancelHostedNumberOrder", sid=order["sid"]))
    docs = await gateway.gql("{ authorizationDocuments { nodes { status } } }", auth=caller.auth)
    assert docs["authorizationDocuments"]["nodes"] == [{"status": "CANCELED"}]
    assert (await gateway.http.get(document["signingUrl"])).status_code == 410
    listed = await gateway.gql(
        "{ hostedNumberOrders(status: [CANCELED]) { totalCount } }", auth=caller.auth
    )
    assert listed["hostedNumberOrders"]["totalCount"] == 1


async def test_concurrent_runners_complete_each_order_once(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    numbers = {f"+1415555{n:04d}": "LANDLINE" for n in range(110, 114)}
    sids = await signed_orders(gateway, caller, numbers)
    gateway.clock.advance(timedelta(days=1))
    changed = await asyncio.gather(*(run_timers(gateway) for _ in range(3)))
    assert sum(changed) == len(sids)
    for sid in sids:
        assert (await get_order(gateway, caller, sid))["status"] == "COMPLETED"
    async with gateway.engine.connect() as conn:
        charges = await conn.scalar(
            select(func.count()).where(
                ledger_entries.c.account_sid == caller.sid, ledger_entries.c.kind == "PURCHASE"
            )
        )
    assert charges == len(sids)
    data = await gateway.gql(ACTIVE, auth=caller.auth)
    assert data["activeNumbers"]["totalCount"] == len(sids)


async def test_a_number_taken_here_meanwhile_fails_the_order(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    [sid] = await signed_orders(gateway, caller, {LANDLINE: "LANDLINE"})
    other = await new_caller(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(LANDLINE, state="assigned")])
    await add_owned(gateway.engine, other.sid, LANDLINE)
    gateway.clock.advance(timedelta(days=1))
    assert await run_timers(gateway) == 1
    order = await get_order(gateway, caller, sid)
    assert order["status"] == "FAILED"
    assert "came into use" in order["failureReason"]
    assert (await gateway.gql(ACTIVE, auth=caller.auth))["activeNumbers"]["totalCount"] == 0
