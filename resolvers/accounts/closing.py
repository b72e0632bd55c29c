"""What closing a subaccount ends besides its numbers (issue 13, item 6).

A CLOSED account must never be given a number later, so closing cancels its open hosted
number orders (each a HOSTED_ORDER_STATUS_CHANGED event to CANCELED, with the reason), and a
letter of authorization left with no open order is CANCELED too, exactly as when the
customer cancels them one by one. Hosted orders are the only holds an account has on numbers
it does not own yet: a purchase claims and assigns its number in one transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import hosted_number_orders as h
from resolvers.hosted import statuses
from resolvers.hosted.documents import cancel_if_empty

CLOSED_REASON = "canceled: the account was closed"


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
