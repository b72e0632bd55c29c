"""``numberOrders`` and ``numberOrder``: the stored bulk orders of the viewer or a subaccount."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry

from resolvers.core.visibility import visible_account_sid
from resolvers.nodes import read_node
from resolvers.orders.reads import OrderFilter, list_orders
from schema.context import Info
from schema.enums import NumberOrderStatus
from schema.selection import selection_of
from schema.types.orders import NumberOrder, NumberOrderConnection


@strawberry.type
class OrdersQuery:
    @strawberry.field(
        description="Your number orders (or a subaccount's), newest first, optionally only "
        "those in the given statuses or created in [createdAfter, createdBefore)."
    )
    async def number_orders(
        self,
        info: Info,
        status: list[NumberOrderStatus] | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        account_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> NumberOrderConnection:
        ctx = info.context
        statuses = None if status is None else [value.value for value in status]
        filters = OrderFilter(statuses, created_after, created_before)
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await list_orders(
                conn, owner, filters, (first, after), selection_of(info._raw_info)
            )
        return cast(NumberOrderConnection, result)

    @strawberry.field(description="One of your (or your subaccounts') number orders.")
    async def number_order(self, info: Info, sid: str) -> NumberOrder | None:
        ctx, selection = info.context, selection_of(info._raw_info)
        async with ctx.read() as conn:
            found = await read_node(
                conn, ctx.viewer, "NumberOrder", sid, selection, ctx.clock.now()
            )
        return cast(NumberOrder | None, found)
