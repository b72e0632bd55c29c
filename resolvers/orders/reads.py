"""Look-ahead reads of stored number orders: ``node``/``numberOrder`` and ``numberOrders``.

An order's row carries its status, counts and totals, so a page of orders is one statement
(plus a count when ``totalCount`` is selected). Its lines are read only when ``numbers`` is
selected: ONE more statement for every order of the page (or the one order), whatever the
page size, never one per order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.money import money
from resolvers.core.tables import number_order_lines as li
from resolvers.core.tables import number_orders as o
from resolvers.core.times import as_utc
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.projection import (
    ColumnList,
    Derived,
    ObjectShape,
    compile_reader,
    leaves,
    time_leaves,
)
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree, merge, path

LINES = "numbers"  # the GraphQL field of an order's lines

LINE = ObjectShape(
    "number_order_line",
    leaves(
        position=li.c.position,
        requested=li.c.requested,
        status=li.c.status,
        phoneNumber=li.c.phone_number,
        activeNumberSid=li.c.active_number_sid,
        transactionSid=li.c.transaction_sid,
        code=li.c.code,
        message=li.c.message,
    ),
)


def _charged(setup: int, monthly: int) -> dict[str, Any]:
    return money(setup + monthly)


TOTALS = ObjectShape(
    "totals",
    {
        "setupFees": Derived("setup_fees", (o.c.setup_fees_minor,), money),
        "monthlyFees": Derived("monthly_fees", (o.c.monthly_fees_minor,), money),
        "charged": Derived("charged", (o.c.setup_fees_minor, o.c.monthly_fees_minor), _charged),
    },
)

NUMBER_ORDER = ObjectShape(
    "number_order",
    {
        **leaves(
            id=o.c.sid,
            sid=o.c.sid,
            accountSid=o.c.account_sid,
            status=o.c.status,
            allowPartial=o.c.allow_partial,
            areaCode=o.c.area_code,
            requestedCount=o.c.requested_count,
            purchasedCount=o.c.purchased_count,
            refusedCount=o.c.refused_count,
        ),
        "totals": TOTALS,
        **time_leaves(createdAt=o.c.created_at),
        # the lines: read apart (``_add_lines``); the sid is what ties them to their order
        LINES: Derived(LINES, (o.c.sid,), lambda sid: sid),
    },
    typename="NumberOrder",
)

ORDERS = Listing(
    o, NUMBER_ORDER, SortKey("CREATED_AT", o.c.created_at, o.c.sid, True), descending=True
)


@dataclass(frozen=True)
class OrderFilter:
    """What a frontend narrows its list of orders by."""

    status: Sequence[str] | None = None
    created_after: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.status:
            where.append(o.c.status.in_(list(self.status)))
        if self.created_after is not None:
            where.append(o.c.created_at >= _naive(self.created_after))
        if self.created_before is not None:
            where.append(o.c.created_at < _naive(self.created_before))
        return where


def _naive(value: datetime) -> datetime:
    """Stored times are naive UTC."""
    return as_utc(value).replace(tzinfo=None)


async def get_order(
    conn: AsyncConnection, sid: str, owners: ColumnElement[bool], selection: SelectionTree
) -> dict[str, Any] | None:
    found = await read_one(conn, NUMBER_ORDER, selection, o.c.sid, o.c.sid == sid, owners)
    if found is not None and LINES in selection:
        await _add_lines(conn, [found], selection[LINES])
    return found


async def list_orders(
    conn: AsyncConnection,
    account_sid: str,
    filters: OrderFilter,
    page: tuple[int | None, str | None],
    selection: SelectionTree,
) -> dict[str, Any]:
    """The account's orders, newest first."""
    where = [o.c.account_sid == account_sid, *filters.conditions()]
    result = await read_page(conn, ORDERS, where, page[0], page[1], selection)
    node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
    if LINES in node_selection:
        # ``nodes`` and ``edges`` hold the same dicts: give each order its lines once
        orders = {id(node): node for node in result.get("nodes", [])}
        orders |= {id(edge["node"]): edge["node"] for edge in result.get("edges", [])}
        await _add_lines(conn, list(orders.values()), node_selection[LINES])
    return result


async def _add_lines(
    conn: AsyncConnection, orders: list[dict[str, Any]], selection: SelectionTree
) -> None:
    """Replace each order's sid under ``numbers`` by its lines, in position order."""
    if not orders:
        return
    columns = ColumnList()
    read = compile_reader(LINE, selection, columns)
    order_at = columns.position(li.c.order_sid)
    sids = [order[LINES] for order in orders]
    statement = (
        select(*columns.columns)
        .where(li.c.order_sid.in_(sids))
        .order_by(li.c.order_sid, li.c.position)
    )
    lines: dict[str, list[Any]] = {sid: [] for sid in sids}
    for row in await conn.execute(statement):
        lines[row[order_at]].append(read(row))
    for order in orders:
        order[LINES] = lines[order[LINES]]
