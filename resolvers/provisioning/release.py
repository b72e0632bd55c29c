"""releasePhoneNumber and restorePhoneNumber.

Release stops billing, refunds the unused whole days of the cycle as a ledger credit, and starts
the number aging: for 10 days only its last owner may restore it (buying it again, a new cycle);
after that it is quarantined, then for sale to anyone (``inventory.available_for_sale``).

A release that succeeds only writes, five statements (issue 12 item 5): the number's
conditional update, which also returns what the rest needs from before it (the cycle it ends,
its sender pool, its status callback: ``release_writes``), its catalog row, the refund's
balance and ledger entry, the event; a pool member also drops its sticky recipients. When the
conditional update changes nothing, the refusal reads why (NOT_FOUND, or
EMERGENCY_ADDRESS_ACTIVE) and the transaction rolls back with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing import ledger
from resolvers.billing.cycles import add_month, pro_rata_refund
from resolvers.core.errors import GatewayError, NotFound
from resolvers.core.phone import parse_e164
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.core.tables import sticky_senders
from resolvers.events.outbox import record_event
from resolvers.provisioning.inventory import restore_window
from resolvers.provisioning.purchase import active_account, check_trial_limit
from resolvers.provisioning.release_writes import Before, release_number

SID = ["input", "sid"]


@dataclass(frozen=True)
class Released:
    number_sid: str
    transaction_sid: str | None  # None when nothing was left to refund


@dataclass(frozen=True)
class Restored:
    number_sid: str
    transaction_sid: str


async def owned_in_use(conn: AsyncConnection, owners: Any, sid: str, field: list[str]) -> Row[Any]:
    """The IN_USE number ``sid`` of an account matching ``owners``, locked; else NOT_FOUND."""
    row = (
        await conn.execute(
            select(o).where(o.c.sid == sid, owners, o.c.status == "IN_USE").with_for_update()
        )
    ).first()
    if row is None:
        raise NotFound(f"no number {sid!r} in use is visible to you", field=field)
    return row


async def release(
    conn: AsyncConnection, owners: Any, sid: str, now: datetime, aging_period: timedelta
) -> Released:
    number = await _release_number(conn, owners, sid, now, aging_period)
    if number.messaging_service_sid is not None:  # only a pool member has sticky recipients
        await conn.execute(sticky_senders.delete().where(sticky_senders.c.number_sid == sid))
    refund = 0
    if number.next_billing_date is not None:
        refund = pro_rata_refund(
            number.monthly_fee_minor, now, number.next_billing_date, number.purchased_at
        )
    transaction_sid = None
    if refund > 0:
        entry = ledger.Entry(
            number.account_sid, ledger.REFUND, refund, f"unused days of {number.phone_number}", sid
        )
        transaction_sid = await ledger.credit(conn, entry, now)
    await record_event(
        conn,
        account_sid=number.account_sid,
        kind="RELEASED",
        node_type="ActiveNumber",
        node_sid=sid,
        now=now,
        data={"phoneNumber": number.phone_number, "transactionSid": transaction_sid},
        callback_url=number.status_callback,  # returned by the release's write: no look-up
        callback_method=number.status_callback_method,
        callback_known=True,
    )
    return Released(sid, transaction_sid)


async def _release_number(
    conn: AsyncConnection, owners: Any, sid: str, now: datetime, aging_period: timedelta
) -> Before:
    """The number as it was before its release (``release_writes``); a refusal otherwise. When
    the refusal's read finds the number releasable after all (on PostgreSQL a concurrent
    transaction may have changed it since the write's snapshot), it is locked: write again."""
    for _ in range(2):
        number = await release_number(conn, owners, sid, now, aging_period)
        if number is not None:
            return number
        await _refuse(conn, owners, sid)
    raise NotFound(f"no number {sid!r} in use is visible to you", field=SID)


async def _refuse(conn: AsyncConnection, owners: Any, sid: str) -> None:
    """Say why ``sid`` was not released (the failing path's reads only; nothing was written):
    NOT_FOUND, or EMERGENCY_ADDRESS_ACTIVE. Returns when it is releasable now (locked)."""
    number = await owned_in_use(conn, owners, sid, SID)
    if number.emergency_status == "ACTIVE":
        raise GatewayError(
            "remove the number's emergency registration (emergencyStatus INACTIVE) first",
            field=SID,
            code="EMERGENCY_ADDRESS_ACTIVE",
        )


async def restore(
    conn: AsyncConnection, account_sid: str, phone_number: str, now: datetime
) -> Restored:
    field = ["input", "phoneNumber"]
    e164 = parse_e164(phone_number, field)
    number = await _last_release(conn, account_sid, e164, field)
    if number.restorable_until is None or number.restorable_until <= now:
        raise GatewayError(
            f"{e164} was released more than {restore_window(number.origin).days} days ago",
            field=field,
            code="RESTORE_WINDOW_EXPIRED",
        )
    account = await active_account(conn, account_sid)
    await check_trial_limit(conn, account)
    catalog = (await conn.execute(select(c).where(c.c.phone_number == e164))).one()
    charge = catalog.setup_fee_minor + catalog.monthly_fee_minor
    entry = ledger.Entry(account_sid, ledger.PURCHASE, -charge, f"restore of {e164}", number.sid)
    transaction_sid = await ledger.debit(conn, entry, now)
    await conn.execute(
        o.update()
        .where(o.c.sid == number.sid)
        .values(
            status="IN_USE",
            released_at=None,
            restorable_until=None,
            purchased_at=now,
            next_billing_date=add_month(now),
            setup_fee_minor=catalog.setup_fee_minor,
            monthly_fee_minor=catalog.monthly_fee_minor,
            updated_at=now,
        )
    )
    reclaimed = await conn.execute(
        c.update()
        .where(c.c.phone_number == e164, c.c.state == "aging")
        .values(state="assigned", aging_until=None)
    )
    if reclaimed.rowcount != 1:  # safeguard: the window must end before the quarantine does
        raise GatewayError(
            f"{e164} is no longer held for you", field=field, code="NUMBER_NOT_AVAILABLE"
        )
    await record_event(
        conn,
        account_sid=account_sid,
        kind="RESTORED",
        node_type="ActiveNumber",
        node_sid=number.sid,
        now=now,
        data={"phoneNumber": e164, "transactionSid": transaction_sid},
    )
    return Restored(number.sid, transaction_sid)


async def _last_release(
    conn: AsyncConnection, account_sid: str, e164: str, field: list[str]
) -> Row[Any]:
    """The account's latest ownership of ``e164``, which must be a release."""
    latest = (
        await conn.execute(
            select(o)
            .where(o.c.phone_number == e164, o.c.account_sid == account_sid)
            .order_by(o.c.created_at.desc(), o.c.sid.desc())
            .limit(1)
            .with_for_update()
        )
    ).first()
    if latest is None or latest.status != "RELEASED":
        raise NotFound(f"{e164} is not a number you released", field=field)
    return latest
