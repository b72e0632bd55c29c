"""Storing an order: its row (status and totals) and one line per number, in the order's
transaction, so that what ``numberOrders`` shows is exactly what was bought."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.sids import new_sid
from resolvers.core.tables import number_order_lines, number_orders
from resolvers.orders.ordering import OrderLine, OrderRequest
from resolvers.orders.statuses import NumberOrderLineStatus, order_status

PREFIX = "NO"


async def store_order(
    conn: AsyncConnection,
    account_sid: str,
    request: OrderRequest,
    lines: list[OrderLine],
    now: datetime,
) -> str:
    """Insert the order and its lines (two statements); the order's sid."""
    sid = new_sid(PREFIX)
    bought = [line for line in lines if line.status == NumberOrderLineStatus.PURCHASED]
    await conn.execute(
        number_orders.insert().values(
            sid=sid,
            account_sid=account_sid,
            status=order_status(len(bought), len(lines) - len(bought)).value,
            allow_partial=request.allow_partial,
            area_code=request.area_code if request.phone_numbers is None else None,
            requested_count=len(lines),
            purchased_count=len(bought),
            refused_count=len(lines) - len(bought),
            setup_fees_minor=sum(line.setup_fee_minor for line in bought),
            monthly_fees_minor=sum(line.monthly_fee_minor for line in bought),
            created_at=now,
        )
    )
    await conn.execute(
        number_order_lines.insert(),
        [
            {
                "order_sid": sid,
                "position": line.position,
                "requested": line.requested,
                "status": line.status.value,
                "phone_number": line.phone_number,
                "active_number_sid": line.number_sid,
                "transaction_sid": line.transaction_sid,
                "code": line.code,
                "message": line.message,
            }
            for line in lines
        ],
    )
    return sid
