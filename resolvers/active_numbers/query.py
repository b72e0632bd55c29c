"""Reading active numbers: one statement per page, one aggregate only when asked for.

A page with a ``near`` filter walks the account's numbers in page order first and reads the
spatial index only when that walk does not fill it (``near_walk.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.active_numbers.filters import ActiveNumberFilter
from resolvers.active_numbers.near_walk import walked_page
from resolvers.active_numbers.ordering import SORT_KEYS, ActiveNumberOrderField
from resolvers.active_numbers.shape import ACTIVE_NUMBER, ACTIVE_NUMBER_FROM
from resolvers.active_numbers.statements import (
    KeyedFilter,
    aggregate_statement,
    conditions,
    page_statements,
    parameters,
)
from resolvers.activity.rule import activity_params
from resolvers.core.enums import ActiveNumberStatus, OrderDirection
from resolvers.core.money import money
from resolvers.core.tables import owned_numbers as o
from resolvers.reads.pagination import connection, encode_cursor, page_request
from resolvers.reads.projection import projection
from resolvers.reads.selection import SelectionTree, merge, path

PAGE_FIELDS = ("edges", "nodes", "pageInfo")
AGGREGATE_FIELDS = ("totalCount", "monthlyCost")


@dataclass(frozen=True)
class ActiveNumberOrder:
    field: str = ActiveNumberOrderField.PHONE_NUMBER
    direction: str = OrderDirection.ASC


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


async def list_active_numbers(
    conn: AsyncConnection,
    *,
    account_sid: str,
    flt: ActiveNumberFilter | None,
    order: ActiveNumberOrder | None,
    page_args: PageArgs,
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any]:
    order = order or ActiveNumberOrder()
    key = SORT_KEYS[order.field]
    page = page_request(page_args.first, page_args.after, page_args.last, page_args.before, key)
    dialect = conn.dialect.name
    params = parameters(account_sid, now)
    result: dict[str, Any] = {}
    if not any(name in selection for name in (*PAGE_FIELDS, *AGGREGATE_FIELDS)):
        conditions(flt, dialect)  # a bad filter is refused whatever is selected
    if any(name in selection for name in PAGE_FIELDS):
        node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
        kept = page_statements(flt, (order.field, order.direction), page, node_selection, dialect)
        rows = None
        if kept.walk is not None:
            rows = await walked_page(conn, kept.walk, page, params)
        if rows is None:
            rows = (await conn.execute(kept.statement, params)).all()
        sort_at, sid_at = kept.sort_at, kept.sid_at
        result |= connection(
            rows,
            page,
            selection,
            kept.read,
            lambda row: encode_cursor(key, row[sort_at], row[sid_at]),
            lazy=True,  # pages of up to 1000 numbers, handed on as read
        )
    if any(name in selection for name in AGGREGATE_FIELDS):
        statement = aggregate_statement(KeyedFilter.of(flt), dialect)
        total, cost = (await conn.execute(statement, params)).one()
        result |= {"total_count": int(total), "monthly_cost": money(int(cost))}
    return result


def owned_by(account_sid: str) -> ColumnElement[bool]:
    return o.c.account_sid == account_sid


def in_use_by(account_sid: str) -> ColumnElement[bool]:
    """The numbers ``account_sid`` holds now (a released one is no longer its)."""
    return and_(o.c.account_sid == account_sid, o.c.status == ActiveNumberStatus.IN_USE)


async def get_active_number(
    conn: AsyncConnection,
    *,
    owners: ColumnElement[bool],
    sid: str | None,
    phone_number: str | None,
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any] | None:
    """One number whose owner matches ``owners``, by sid or by E.164 (the one in use)."""
    columns, read = projection(ACTIVE_NUMBER, selection)
    columns.position(o.c.sid)
    conditions: list[ColumnElement[bool]] = [owners]
    if sid is not None:
        conditions.append(o.c.sid == sid)
    if phone_number is not None:
        conditions += [o.c.phone_number == phone_number, o.c.status == "IN_USE"]
    statement = select(*columns.columns).select_from(ACTIVE_NUMBER_FROM).where(*conditions)
    row = (await conn.execute(statement.limit(1), activity_params(now))).first()
    return None if row is None else read(row)
