"""Suspension for nonpayment, and the way back.

An ACTIVE account whose balance does not cover a renewal becomes SUSPENDED with
``billing_suspended_at`` set (so it is told apart from a suspension for any other reason);
its numbers are kept, flagged ``billing_status = PAST_DUE``, and not renewed further. Once
funds cover the whole arrears (every cycle due by then), a later renewal pass charges them all
and reactivates the account (see ``resolvers.billing.renewals``). Releasing a past-due number
stops its billing like any release, so its unpaid cycles are no longer owed: an account that
releases all of them owes nothing and is reactivated by the next pass. Each change writes one
event on the Account: ACCOUNT_SUSPENDED or ACCOUNT_REACTIVATED.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing.charges import CURRENT, PAST_DUE, DueNumber
from resolvers.core.enums import AccountStatus
from resolvers.core.money import to_decimal
from resolvers.core.sign_in import report_sign_in_change
from resolvers.core.tables import accounts
from resolvers.core.tables import owned_numbers as o
from resolvers.events.outbox import record_event

ACTIVE, SUSPENDED = AccountStatus.ACTIVE, AccountStatus.SUSPENDED
ACCOUNT_SUSPENDED, ACCOUNT_REACTIVATED = "ACCOUNT_SUSPENDED", "ACCOUNT_REACTIVATED"
NONPAYMENT = "NONPAYMENT"


async def suspend_for_nonpayment(
    conn: AsyncConnection, account_sid: str, unpaid: DueNumber, balance_minor: int, now: datetime
) -> bool:
    """Suspend the account and flag its numbers; False if it was no longer ACTIVE."""
    suspended = await conn.execute(
        accounts.update()
        .where(accounts.c.sid == account_sid, accounts.c.status == ACTIVE)
        .values(status=SUSPENDED, billing_suspended_at=now, updated_at=now)
    )
    if suspended.rowcount != 1:
        return False
    report_sign_in_change(account_sid)
    flagged = await conn.execute(
        o.update()
        .where(o.c.account_sid == account_sid, o.c.status == "IN_USE")
        .values(billing_status=PAST_DUE, updated_at=now)
    )
    await record_event(
        conn,
        account_sid=account_sid,
        kind=ACCOUNT_SUSPENDED,
        node_type="Account",
        node_sid=account_sid,
        now=now,
        data={
            "reason": NONPAYMENT,
            "numberSid": unpaid.sid,
            "phoneNumber": unpaid.phone_number,
            "amountDue": str(to_decimal(unpaid.monthly_fee_minor)),
            "balance": str(to_decimal(balance_minor)),
            "pastDueNumbers": flagged.rowcount,
        },
    )
    return True


async def reactivate_after_payment(
    conn: AsyncConnection, account_sid: str, paid_minor: int, now: datetime
) -> bool:
    """Lift a suspension for nonpayment once the arrears are paid; False if there was none."""
    reactivated = await conn.execute(
        accounts.update()
        .where(
            accounts.c.sid == account_sid,
            accounts.c.status == SUSPENDED,
            accounts.c.billing_suspended_at.is_not(None),
        )
        .values(status=ACTIVE, billing_suspended_at=None, updated_at=now)
    )
    if reactivated.rowcount != 1:
        return False
    report_sign_in_change(account_sid)
    await conn.execute(
        o.update()
        .where(o.c.account_sid == account_sid, o.c.billing_status == PAST_DUE)
        .values(billing_status=CURRENT, updated_at=now)
    )
    await record_event(
        conn,
        account_sid=account_sid,
        kind=ACCOUNT_REACTIVATED,
        node_type="Account",
        node_sid=account_sid,
        now=now,
        data={"reason": "ARREARS_PAID", "amountPaid": str(to_decimal(paid_minor))},
    )
    return True
