"""Monthly renewal charges of one account's numbers, inside the caller's transaction.

A number is due when ``next_billing_date <= now``. Each due cycle is its own RENEWAL ledger
entry and ``renewal_charges`` row: a number several months behind (no pass ran for a while)
is charged once per missed cycle, oldest cycle first across the account's numbers, and its
``next_billing_date`` moves one cycle per charge until it is in the future. The charge key
(number, billing date) is the primary key of ``renewal_charges``, and the billing date only
moves by a conditional update, so no cycle can be charged twice, whoever runs the pass.

Cycles follow the purchase day (``cycles.following_billing_date``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing import ledger
from resolvers.billing.cycles import following_billing_date
from resolvers.core.enums import BillingStatus
from resolvers.core.money import to_decimal
from resolvers.core.tables import owned_numbers as o
from resolvers.core.tables import renewal_charges
from resolvers.events.outbox import record_event

CURRENT, PAST_DUE = BillingStatus.CURRENT, BillingStatus.PAST_DUE
RENEWED = "RENEWED"


@dataclass(frozen=True)
class DueNumber:
    sid: str
    phone_number: str
    monthly_fee_minor: int
    next_billing_date: datetime
    purchased_at: datetime


async def due_numbers(
    conn: AsyncConnection, account_sid: str, now: datetime, limit: int | None = None
) -> list[DueNumber]:
    """The account's numbers in use whose billing date has come, oldest date first."""
    statement = (
        select(
            o.c.sid,
            o.c.phone_number,
            o.c.monthly_fee_minor,
            o.c.next_billing_date,
            o.c.purchased_at,
        )
        .where(o.c.account_sid == account_sid, o.c.status == "IN_USE", o.c.next_billing_date <= now)
        .order_by(o.c.next_billing_date, o.c.sid)
        .limit(limit)
    )
    return [DueNumber(*row) for row in await conn.execute(statement)]


def due_cycles(numbers: Sequence[DueNumber], now: datetime) -> Iterator[tuple[datetime, DueNumber]]:
    """(billing date, number) of every cycle due by ``now``, oldest first across numbers."""
    heap = [(number.next_billing_date, number.sid, number) for number in numbers]
    heapq.heapify(heap)
    while heap:
        billing_date, sid, number = heapq.heappop(heap)
        yield billing_date, number
        following = following_billing_date(billing_date, number.purchased_at)
        if following <= now:
            heapq.heappush(heap, (following, sid, number))


def arrears_minor(numbers: Sequence[DueNumber], now: datetime) -> int:
    """What every due cycle of ``numbers`` costs together."""
    return sum(number.monthly_fee_minor for _, number in due_cycles(numbers, now))


async def charge_cycle(
    conn: AsyncConnection,
    account_sid: str,
    number: DueNumber,
    billing_date: datetime,
    now: datetime,
) -> str | None:
    """Charge the cycle starting ``billing_date`` and move the number to the next one.

    The caller has checked (under the account's lock) that the balance covers the fee; the
    ledger's conditional debit still has the last word. Returns the ledger entry's sid, or
    None, charging nothing, when the number changed meanwhile (released or transferred by a
    request that did not need the account's lock: a due number's release refunds nothing).
    """
    following = following_billing_date(billing_date, number.purchased_at)
    moved = await conn.execute(
        o.update()
        .where(
            o.c.sid == number.sid,
            o.c.account_sid == account_sid,
            o.c.status == "IN_USE",
            o.c.next_billing_date == billing_date,
        )
        .values(next_billing_date=following, billing_status=CURRENT, updated_at=now)
    )
    if moved.rowcount != 1:
        return None
    fee = number.monthly_fee_minor
    description = (
        f"monthly fee of {number.phone_number} for {billing_date:%Y-%m-%d} to {following:%Y-%m-%d}"
    )
    entry = ledger.Entry(account_sid, ledger.RENEWAL, -fee, description, number.sid)
    transaction_sid = await ledger.debit(conn, entry, now)
    await conn.execute(
        renewal_charges.insert().values(
            number_sid=number.sid,
            billing_date=billing_date,
            account_sid=account_sid,
            ledger_entry_sid=transaction_sid,
            amount_minor=fee,
            created_at=now,
        )
    )
    await record_event(
        conn,
        account_sid=account_sid,
        kind=RENEWED,
        node_type="ActiveNumber",
        node_sid=number.sid,
        now=now,
        data={
            "phoneNumber": number.phone_number,
            "billingDate": billing_date.isoformat(),
            "nextBillingDate": following.isoformat(),
            "amount": str(to_decimal(fee)),
            "transactionSid": transaction_sid,
        },
    )
    return transaction_sid
