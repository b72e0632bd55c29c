"""What a release needs from before its own update (issue 12 item 5), on both databases.

The release's conditional update returns the number as it was (resolvers/provisioning/
release_writes.py): the cycle it ends (the refund), its sender pool (the sticky recipients it
drops), its status callback (the RELEASED event's delivery), its origin (a hosted number's
3-day window, never quarantined for sale). A refused release writes nothing at all.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from resolvers.core.tables import number_events, owned_numbers, sticky_senders, webhook_deliveries
from resolvers.provisioning import release as releasing
from resolvers.provisioning import release_writes
from tests.support.client import Gateway
from tests.support.factories import T0, add_address, add_catalog, add_messaging_service, add_owned
from tests.support.factories import catalog_row as row
from tests.support.provisioning import (
    assert_balanced,
    catalog_state,
    minor,
    money_state,
    new_buyer,
    ok,
    ownerships,
    refused,
    release,
)

SF = "+14155550100"
CALLBACK = "https://hooks.example.com/numbers"
DAY = timedelta(days=1)


async def _sticky_count(gateway: Gateway, number_sid: str) -> int:
    async with gateway.engine.connect() as conn:
        count = await conn.scalar(
            select(func.count()).where(sticky_senders.c.number_sid == number_sid)
        )
    return int(count or 0)


async def _events_and_deliveries(gateway: Gateway, number_sid: str) -> list[tuple[str, str, str]]:
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(number_events.c.kind, webhook_deliveries.c.url, webhook_deliveries.c.method)
            .join(webhook_deliveries, webhook_deliveries.c.event_id == number_events.c.id)
            .where(number_events.c.node_sid == number_sid)
        )
        return [(str(kind), str(url), str(method)) for kind, url, method in rows]


async def _event_count(gateway: Gateway, number_sid: str) -> int:
    async with gateway.engine.connect() as conn:
        count = await conn.scalar(
            select(func.count()).where(number_events.c.node_sid == number_sid)
        )
    return int(count or 0)


async def test_a_hosted_pool_member_is_released_with_its_values_from_before(
    gateway: Gateway,
) -> None:
    buyer = await new_buyer(gateway.engine)
    service = await add_messaging_service(gateway.engine, buyer.sid, "Pool")
    await add_catalog(gateway.engine, [row(SF)])
    sid = await add_owned(
        gateway.engine,
        buyer.sid,
        SF,
        origin="HOSTED",
        purchased_at=T0,
        monthly_fee_minor=3100,  # a 31-day cycle: 1.00 a day
        next_billing_date=T0 + 31 * DAY,
        messaging_service_sid=service,
        status_callback=CALLBACK,
        status_callback_method="GET",
    )
    async with gateway.engine.begin() as conn:
        await conn.execute(
            sticky_senders.insert(),
            [
                {"messaging_service_sid": service, "to_number": to, "number_sid": sid}
                | {"updated_at": T0}
                for to in ("+14155551000", "+14155551001")
            ],
        )
    gateway.clock.current = T0 + 10 * DAY
    now = gateway.clock.now()
    payload = ok(await release(gateway, buyer, sid=sid))
    assert minor(payload["refund"]["amount"]["amount"]) == 2100  # 21 whole days left
    assert payload["releasedNumber"]["restorableUntil"] == (now + 3 * DAY).isoformat() + "+00:00"
    assert await catalog_state(gateway.engine, SF) == ("aging", None)  # never for sale
    assert await _sticky_count(gateway, sid) == 0
    assert await _events_and_deliveries(gateway, sid) == [("RELEASED", CALLBACK, "GET")]
    await assert_balanced(gateway.engine, buyer.sid)


async def test_a_refused_release_writes_nothing(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    stranger = await new_buyer(gateway.engine)
    address = await add_address(gateway.engine, buyer.sid)
    await add_catalog(gateway.engine, [row(SF)])
    sid = await add_owned(
        gateway.engine,
        buyer.sid,
        SF,
        emergency_status="ACTIVE",
        emergency_address_sid=address,
        purchased_at=T0,
    )
    before = await money_state(gateway.engine, buyer.sid)
    error = refused(await release(gateway, buyer, sid=sid), "EMERGENCY_ADDRESS_ACTIVE")
    assert error["field"] == ["input", "sid"]
    # a stranger is not told about the registration: the number is not found for it
    error = refused(await release(gateway, stranger, sid=sid), "NOT_FOUND", 20404)
    assert error["field"] == ["input", "sid"]
    assert await ownerships(gateway.engine, SF) == [(buyer.sid, "IN_USE")]
    assert await catalog_state(gateway.engine, SF) == ("assigned", None)
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await _event_count(gateway, sid) == 0


# PostgreSQL only: SQLite's one writer keeps the registration from changing meanwhile
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_registration_removed_after_the_write_saw_it_does_not_refuse(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conditional update's snapshot still has the emergency registration; another
    transaction removes it and commits before the refusal reads (a newer snapshot, locked):
    the number is releasable, and the release writes again and succeeds."""
    buyer = await new_buyer(gateway.engine)
    address = await add_address(gateway.engine, buyer.sid)
    await add_catalog(gateway.engine, [row(SF)])
    sid = await add_owned(
        gateway.engine, buyer.sid, SF, emergency_status="ACTIVE", emergency_address_sid=address
    )
    written = release_writes.release_number
    calls: list[bool] = []

    async def removed_meanwhile(*args: Any) -> Any:
        number = await written(*args)
        calls.append(number is not None)
        if not number:
            async with gateway.engine.begin() as other:
                await other.execute(
                    owned_numbers.update()
                    .where(owned_numbers.c.sid == sid)
                    .values(emergency_status="INACTIVE", emergency_address_sid=None)
                )
        return number

    monkeypatch.setattr(releasing, "release_number", removed_meanwhile)
    async with gateway.engine.begin() as conn:
        owners = owned_numbers.c.account_sid == buyer.sid
        await releasing.release(conn, owners, sid, gateway.clock.now(), 60 * DAY)
    assert calls == [False, True]
    assert await ownerships(gateway.engine, SF) == [(buyer.sid, "RELEASED")]
    assert await _event_count(gateway, sid) == 1
