"""selectSender: least recently used first, so sends spread evenly over the pool; sticky
sender per recipient; every selection recorded as outbound message activity."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import (
    catalog_numbers,
    messaging_services,
    number_activity,
    owned_numbers,
)
from resolvers.core.transactions import transact
from resolvers.messaging.senders import select_sender
from tests.messaging.pools import (
    RECIPIENT,
    call,
    new_service,
    ok,
    phone_numbers,
    pooled_numbers,
    refused,
    sent_messages,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Caller, add_numbers, new_caller
from tests.support.provisioning import Buyer, transfer
from tests.support.provisioning import ok as provisioning_ok

SELECT = "selectSender"


@pytest.mark.slow  # under a minute per database: six statements per selection
async def test_ten_thousand_selections_spread_evenly_over_fifty_numbers(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    pool = await pooled_numbers(gateway, caller, service["sid"], phone_numbers(50))
    owners = messaging_services.c.account_sid == caller.sid
    chosen: Counter[str] = Counter()
    recipients = phone_numbers(100)
    async with gateway.engine.begin() as conn:
        for index in range(10_000):
            to = recipients[index % len(recipients)]
            chosen[await select_sender(conn, owners, service["sid"], to, T0)] += 1
    assert set(chosen) == set(pool)
    assert all(199 <= count <= 201 for count in chosen.values()), chosen
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(number_activity.c.number_sid, func.count())
            .where(number_activity.c.kind == "MESSAGE", number_activity.c.status == "SENT")
            .group_by(number_activity.c.number_sid)
        )
        assert dict(rows.all()) == dict(chosen)


async def test_selections_go_round_the_pool_in_least_recent_order(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    pool = await pooled_numbers(gateway, caller, service["sid"], phone_numbers(3))
    sid = service["sid"]
    picks = []
    for _ in range(6):
        payload = ok(await call(gateway, caller, SELECT, messagingServiceSid=sid, to=RECIPIENT))
        number = payload["activeNumber"]
        assert number["messagingService"] == {"sid": sid}
        picks.append(number["sid"])
    assert picks[:3] == sorted(pool)  # never used: ties go by sid
    assert picks[3:] == picks[:3]  # then each in the order it was last used
    # a newcomer is the least recently used member, so it goes next
    [newcomer] = await add_numbers(gateway.engine, caller.sid, ["+16175550199"])
    add = "addNumberToMessagingService"
    ok(await call(gateway, caller, add, messagingServiceSid=sid, numberSid=newcomer))
    payload = ok(await call(gateway, caller, SELECT, messagingServiceSid=sid, to=RECIPIENT))
    assert payload["activeNumber"]["sid"] == newcomer
    payload = ok(await call(gateway, caller, SELECT, messagingServiceSid=sid, to=RECIPIENT))
    assert payload["activeNumber"]["sid"] == picks[0]


async def test_each_selection_is_activity_that_keeps_the_number_active(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    [number] = await pooled_numbers(gateway, caller, service["sid"], phone_numbers(1))
    for expected in (1, 2, 3):
        payload = ok(
            await call(gateway, caller, SELECT, messagingServiceSid=service["sid"], to=RECIPIENT)
        )
        activity = payload["activeNumber"]["activity"]
        assert activity == {"messagesLast30Days": expected, "isActive": expected >= 3}
    assert await sent_messages(gateway, number) == 3
    async with gateway.engine.connect() as conn:
        row = (
            await conn.execute(
                select(owned_numbers.c.last_selected_at, owned_numbers.c.updated_at).where(
                    owned_numbers.c.sid == number
                )
            )
        ).one()
    assert row.last_selected_at == T0
    assert row.updated_at != T0  # a selection is not a change to the number


def _sender_of(
    gateway: Gateway, caller: Caller, service_sid: str
) -> Callable[[str], Awaitable[str]]:
    """``selectSender`` of the service for a recipient, as ``caller``: the chosen number's sid."""

    async def sender(to: str) -> str:
        payload = ok(await call(gateway, caller, SELECT, messagingServiceSid=service_sid, to=to))
        chosen: str = payload["activeNumber"]["sid"]
        return chosen

    return sender


async def test_sticky_sender_keeps_a_recipient_on_its_number(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller, stickySender=True)
    sid = service["sid"]
    await pooled_numbers(gateway, caller, sid, phone_numbers(3))
    sender = _sender_of(gateway, caller, sid)
    alice, bob = "+12125550123", "+12025550143"
    first = await sender(alice)
    assert [await sender(alice) for _ in range(4)] == [first] * 4
    assert await sender(bob) != first  # a new recipient gets the least recently used number
    # the number leaves the pool: the recipient moves to another, and stays there
    remove = "removeNumberFromMessagingService"
    ok(await call(gateway, caller, remove, messagingServiceSid=sid, numberSid=first))
    moved = await sender(alice)
    assert moved != first
    assert await sender(alice) == moved
    # coming back does not bring the old mapping back
    add = "addNumberToMessagingService"
    ok(await call(gateway, caller, add, messagingServiceSid=sid, numberSid=first))
    assert await sender(alice) == moved


async def test_a_transferred_number_does_not_bring_its_recipients_back(
    gateway: Gateway,
) -> None:
    """Leaving the pool by a transfer ends the number's sticky recipients, as a removal does:
    back in the same pool later, it is not the recipient's number again."""
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    service = await new_service(gateway, parent, stickySender=True)
    sid = service["sid"]
    await pooled_numbers(gateway, parent, sid, phone_numbers(2))
    sender = _sender_of(gateway, parent, sid)
    alice = "+12125550123"
    first = await sender(alice)
    as_parent = Buyer(parent.sid, parent.token)
    for target in (child.sid, parent.sid):  # away to the subaccount, and back
        provisioning_ok(await transfer(gateway, as_parent, sid=first, accountSid=target))
    add = "addNumberToMessagingService"
    ok(await call(gateway, parent, add, messagingServiceSid=sid, numberSid=first))
    others = iter(["+12025550143", "+13125550144"])  # new recipients, until one gets it
    while await sender(next(others)) != first:
        pass
    # the least recently used member now, not the number alice had before the transfer
    assert await sender(alice) != first


async def test_without_sticky_sender_a_recipient_moves_round_the_pool(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    await pooled_numbers(gateway, caller, service["sid"], phone_numbers(2))
    picks = {
        ok(await call(gateway, caller, SELECT, messagingServiceSid=service["sid"], to=RECIPIENT))[
            "activeNumber"
        ]["sid"]
        for _ in range(2)
    }
    assert len(picks) == 2


async def test_a_released_member_is_never_selected(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    kept, gone = await pooled_numbers(gateway, caller, service["sid"], phone_numbers(2))
    async with gateway.engine.begin() as conn:
        await conn.execute(
            owned_numbers.update().where(owned_numbers.c.sid == gone).values(status="RELEASED")
        )
    for _ in range(3):
        payload = ok(
            await call(gateway, caller, SELECT, messagingServiceSid=service["sid"], to=RECIPIENT)
        )
        assert payload["activeNumber"]["sid"] == kept


async def test_a_member_that_lost_sms_is_never_selected(gateway: Gateway) -> None:
    """Issue 13, item 3: a pool member whose catalog row loses SMS stays in the pool but is
    skipped, also by the sticky mapping; with no SMS-capable member left, the pool is empty."""
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller, stickySender=True)
    sid = service["sid"]
    kept, lost = await pooled_numbers(gateway, caller, sid, phone_numbers(2))

    async def sender() -> dict[str, str]:
        payload = await call(gateway, caller, SELECT, messagingServiceSid=sid, to=RECIPIENT)
        return payload

    first = ok(await sender())["activeNumber"]["sid"]
    await _set_sms(gateway, first, False)
    other = kept if first == lost else lost
    for _ in range(3):
        assert ok(await sender())["activeNumber"]["sid"] == other
    await _set_sms(gateway, other, False)
    refused(await sender(), "MESSAGING_SERVICE_EMPTY", None, ["input", "messagingServiceSid"])


async def _set_sms(gateway: Gateway, number_sid: str, capable: bool) -> None:
    phone = select(owned_numbers.c.phone_number).where(owned_numbers.c.sid == number_sid)
    async with gateway.engine.begin() as conn:
        await conn.execute(
            catalog_numbers.update()
            .where(catalog_numbers.c.phone_number == phone.scalar_subquery())
            .values(sms_capable=capable)
        )


async def test_select_sender_refusals(gateway: Gateway) -> None:
    caller, stranger = await new_caller(gateway.engine), await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    sid = service["sid"]
    empty = await call(gateway, caller, SELECT, messagingServiceSid=sid, to=RECIPIENT)
    refused(empty, "MESSAGING_SERVICE_EMPTY", None, ["input", "messagingServiceSid"])
    await pooled_numbers(gateway, caller, sid, phone_numbers(1))
    for bad in ("12125550123", "+1212", "not a number", ""):
        payload = await call(gateway, caller, SELECT, messagingServiceSid=sid, to=bad)
        refused(payload, "INVALID_INPUT", None, ["input", "to"])
    payload = await call(gateway, stranger, SELECT, messagingServiceSid=sid, to=RECIPIENT)
    refused(payload, "NOT_FOUND", 20404, ["input", "messagingServiceSid"])
    async with gateway.engine.connect() as conn:
        count = await conn.scalar(select(func.count()).select_from(number_activity))
    assert count == 0  # refusals record nothing


async def test_concurrent_selections_still_spread_evenly(gateway: Gateway) -> None:
    """Selections in concurrent transactions (SKIP LOCKED on PostgreSQL) never take the same
    least recent number twice: 1,000 of them over 50 numbers give each exactly 20 ± 1."""
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    pool = await pooled_numbers(gateway, caller, service["sid"], phone_numbers(50))
    owners = messaging_services.c.account_sid == caller.sid
    chosen: Counter[str] = Counter()

    async def worker() -> None:
        for _ in range(100):

            async def work(conn: AsyncConnection) -> str:
                return await select_sender(conn, owners, service["sid"], RECIPIENT, T0)

            chosen[await transact(gateway.engine, work)] += 1

    await asyncio.gather(*(worker() for _ in range(10)))
    assert set(chosen) == set(pool)
    assert all(19 <= count <= 21 for count in chosen.values()), sorted(chosen.values())
