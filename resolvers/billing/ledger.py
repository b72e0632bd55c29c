"""The ledger: every balance change is a row; the balance is the sum of the rows.

``accounts.balance_minor`` is kept equal to that sum by changing both in the same
transaction. A debit is a conditional update (``balance >= amount``), so the database, not
Python, decides whether two concurrent purchases both fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError
from resolvers.core.money import to_decimal
from resolvers.core.sids import new_sid
from resolvers.core.tables import accounts, ledger_entries


class TransactionKind(StrEnum):
    """What a ledger entry is; purchases and renewals are charges, refunds and top-ups credits."""

    PURCHASE = "PURCHASE"
    RENEWAL = "RENEWAL"
    REFUND = "REFUND"
    TOP_UP = "TOP_UP"


# The members under their bare names, as the ledger's callers spell them (ledger.PURCHASE).
# The balance's UPDATEs, kept (built and keyed once; the account, amount and time bound).
_ACCOUNT: BindParameter[str] = bindparam("account")
_AMOUNT: BindParameter[int] = bindparam("amount")
_AT: BindParameter[datetime] = bindparam("at")
_CREDIT = (
    accounts.update()
    .where(accounts.c.sid == _ACCOUNT)
    .values(balance_minor=accounts.c.balance_minor + _AMOUNT, updated_at=_AT)
)
_DEBIT = (
    accounts.update()
    .where(accounts.c.sid == _ACCOUNT, accounts.c.balance_minor >= _AMOUNT)
    .values(balance_minor=accounts.c.balance_minor - _AMOUNT, updated_at=_AT)
)
_DEBIT_ACTIVE = _DEBIT.where(accounts.c.status == "ACTIVE").returning(
    accounts.c.type, accounts.c.fraud_flagged_at
)

PURCHASE = TransactionKind.PURCHASE
RENEWAL = TransactionKind.RENEWAL
REFUND = TransactionKind.REFUND
TOP_UP = TransactionKind.TOP_UP


@dataclass(frozen=True)
class Entry:
    account_sid: str
    kind: str
    amount_minor: int  # credit > 0, debit < 0
    description: str
    number_sid: str | None = None


async def debit(conn: AsyncConnection, entry: Entry, now: datetime) -> str:
    """Take ``-entry.amount_minor`` from the balance, or fail with INSUFFICIENT_BALANCE."""
    amount = -entry.amount_minor
    if amount < 0:
        raise ValueError("a debit entry carries a negative amount")
    bound = {"account": entry.account_sid, "amount": amount, "at": now}
    result = await conn.execute(_DEBIT, bound)
    if result.rowcount != 1:
        raise insufficient(amount)
    return await _record(conn, entry, now)


async def debit_active(
    conn: AsyncConnection, entry: Entry, now: datetime
) -> tuple[str, Row[Any]] | None:
    """Debit an ACTIVE account that can pay, in one conditional update that also returns the
    account's ``type`` and ``fraud_flagged_at`` (on PostgreSQL it locks the account row as
    ``SELECT … FOR UPDATE`` would); None, changing nothing, when it is not ACTIVE or cannot pay.
    """
    amount = -entry.amount_minor
    if amount < 0:
        raise ValueError("a debit entry carries a negative amount")
    bound = {"account": entry.account_sid, "amount": amount, "at": now}
    account = (await conn.execute(_DEBIT_ACTIVE, bound)).first()
    if account is None:
        return None
    return await _record(conn, entry, now), account


def insufficient(amount_minor: int) -> GatewayError:
    return GatewayError(
        f"the balance does not cover {to_decimal(amount_minor)} USD", code="INSUFFICIENT_BALANCE"
    )


async def credit(conn: AsyncConnection, entry: Entry, now: datetime) -> str:
    if entry.amount_minor < 0:
        raise ValueError("a credit entry carries a positive amount")
    bound = {"account": entry.account_sid, "amount": entry.amount_minor, "at": now}
    await conn.execute(_CREDIT, bound)
    return await _record(conn, entry, now)


async def _record(conn: AsyncConnection, entry: Entry, now: datetime) -> str:
    sid = new_sid("TX")
    row = {
        "sid": sid,
        "account_sid": entry.account_sid,
        "kind": entry.kind,
        "amount_minor": entry.amount_minor,
        "description": entry.description,
        "number_sid": entry.number_sid,
        "created_at": now,
    }
    await conn.execute(_ENTRY_INSERT, row)  # kept: built and keyed once, its values bound
    return sid


_ENTRY_INSERT = ledger_entries.insert()


async def ledger_sum(conn: AsyncConnection, account_sid: str) -> int:
    total = await conn.scalar(
        select(func.coalesce(func.sum(ledger_entries.c.amount_minor), 0)).where(
            ledger_entries.c.account_sid == account_sid
        )
    )
    return int(total or 0)
