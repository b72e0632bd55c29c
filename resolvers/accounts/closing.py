"""What closing a subaccount ends besides its numbers (issue 13, item 6).

A CLOSED account must never be given a number later, so closing cancels its open hosted
number orders (each a HOSTED_ORDER_STATUS_CHANGED event to CANCELED, with the reason), and a
letter of authorization left with no open order is CANCELED too, exactly as when the
customer cancels them one by one. Its reservations end too (a RESERVATION_RELEASED event
each), so the numbers it held are for sale again at once rather than when the holds run out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import hosted_number_orders as h
from resolvers.hosted import statuses
from resolvers.hosted.documents import cancel_if_empty
from resolvers.reservations.holds import end_all_holds

CLOSED_REASON = "canceled: the account was closed"


async def end_what_the_account_holds(
    conn: AsyncConnection, account_sid: str, now: datetime
) -> None:
    """Cancel its open hosted orders and end its reservations (closing a subaccount)."""
    await cancel_open_hosted_orders(conn, account_sid, now)
    await end_all_holds(conn, account_sid, now)


async def cancel_open_hosted_orders(conn: AsyncConnection, account_sid: str, now: datetime) -> int:
    """Cancel every hosted order of the account that is not final; how many were."""
    orders = (
        await conn.execute(
            select(h)
            .where(h.c.account_sid == account_sid, h.c.status.not_in(statuses.FINAL))
            .order_by(h.c.sid)
            .with_for_update()
        )
    ).all()
    documents: set[str] = set()
    canceled = 0
    for order in orders:
        changed = await statuses.change_status(
            conn,
            order,
            order.status,
            statuses.CANCELED,
            now,
            deadline_at=None,
            failure_reason=CLOSED_REASON,
        )
        canceled += int(changed)
        if order.document_sid is not None:
            documents.add(order.document_sid)
    for document_sid in sorted(documents):
        await cancel_if_empty(conn, document_sid, now)
    return canceled
