"""addFunds: a top-up, written as a TOP_UP ledger credit so the balance stays the ledger's sum.

An amount is a positive number of dollars and cents, at most 100,000.00 per call: a typo of a
few extra digits is refused rather than credited. A closed account takes no money.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing import ledger
from resolvers.core.enums import EventKind
from resolvers.core.errors import GatewayError, InvalidInput
from resolvers.core.money import CURRENCY, MINOR_DIGITS, to_decimal
from resolvers.core.tables import accounts
from resolvers.core.visibility import CLOSED
from resolvers.events.outbox import record_event

MAX_TOP_UP = Decimal("100000.00")
CENT = Decimal(1).scaleb(-MINOR_DIGITS)
AMOUNT = ["input", "amount"]


def top_up_minor(amount: Decimal) -> int:
    """``amount`` in minor units, or INVALID_INPUT naming input.amount."""
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(f"must be a positive amount of {CURRENCY} (got {amount})", field=AMOUNT)
    if amount > MAX_TOP_UP:
        raise InvalidInput(
            f"must be at most {MAX_TOP_UP} {CURRENCY} per call (got {amount})", field=AMOUNT
        )
    if amount != amount.quantize(CENT):
        raise InvalidInput(
            f"must have at most {MINOR_DIGITS} decimal places (got {amount})", field=AMOUNT
        )
    return int(amount.scaleb(MINOR_DIGITS))


async def add_funds(
    conn: AsyncConnection, account_sid: str, amount_minor: int, now: datetime
) -> str:
    """Credit ``amount_minor`` to the account; the new ledger entry's sid."""
    # locked, so a concurrent close cannot slip between this check and the credit
    status = await conn.scalar(
        select(accounts.c.status).where(accounts.c.sid == account_sid).with_for_update()
    )
    if status == CLOSED:
        raise GatewayError(
            f"account {account_sid} is CLOSED",
            field=["input", "accountSid"],
            code="ACCOUNT_NOT_ACTIVE",
        )
    entry = ledger.Entry(
        account_sid, ledger.TOP_UP, amount_minor, f"top-up of {to_decimal(amount_minor)} USD"
    )
    transaction_sid = await ledger.credit(conn, entry, now)
    await record_event(
        conn,
        account_sid=account_sid,
        kind=EventKind.FUNDS_ADDED,
        node_type="Account",
        node_sid=account_sid,
        now=now,
        data={"amount": str(to_decimal(amount_minor)), "transactionSid": transaction_sid},
    )
    return transaction_sid
