"""An ``activeNumbers`` page with a ``near`` filter read in page order first.

Through the spatial index, such a page costs every catalog number in the circle's box
(about 37,000 around New York in a catalog of 1,000,000), each joined to the account's
numbers, to keep the few the account owns. The account's own numbers are far fewer: walking
them in the page's order (any ordering, either direction, from the cursor) and testing each
one's location finds the page after a bounded number of rows.

The walk is the first ``walk_rows(size)`` of the account's numbers (in the statuses asked
for) in page order; the page
is read from those alone, with every condition of the filter (the circle tested row by row,
no index). If that fills the page plus the one row that tells whether another page exists,
these are exactly the first rows of the ordered answer (every other row of the account sorts
after all the walked ones). Otherwise the read falls back to the spatial index's statement,
exact on its own, as for the catalog (``resolvers/catalog/near_walk.py``).

On PostgreSQL the walk's rows are each joined LATERAL (kept apart by ``OFFSET 0``), so the
plan is the walk in page order, each row looked up by primary key and tested, stopped at the
page's LIMIT: no choice left to the planner, whose estimate of the circle (one row) otherwise
made it scan and hash the catalog, or the account's numbers, and sort them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.active_numbers.filters import ActiveNumberFilter, filter_conditions, status_condition
from resolvers.active_numbers.shape import ACTIVE_NUMBER_FROM
from resolvers.catalog.near_walk import filled
from resolvers.core.tables import owned_numbers as o
from resolvers.reads.pagination import PageRequest, SortKey, apply_keyset

# Rows walked per row wanted: the page fills from the walk when at least one of the
# account's numbers in this many (from the cursor, in page order) is a match.
WALK_ROWS_PER_ROW = 50
MIN_WALK_ROWS = 1_000


@dataclass(frozen=True)
class Walk:
    """One ``activeNumbers`` read: filtered how, in which order (the account is a bound
    value the caller passes, so the statement can be kept: ``statements.py``)."""

    flt: ActiveNumberFilter | None
    dialect: str
    key: SortKey
    descending: bool

    def statement_for(
        self, columns: list[ColumnElement[Any]], page: PageRequest, owner: ColumnElement[Any]
    ) -> Select[Any] | None:
        """The walk's SELECT of ``columns`` over the numbers of ``owner`` (an account sid or
        its bind parameter); None when the filter has no ``near``."""
        flt = self.flt
        if flt is None or flt.geography is None or flt.geography.near is None:
            return None
        owned = o.c.account_sid == owner
        tested = [owned, *filter_conditions(flt, self.dialect, walk=True)]
        return self.statement(columns, tested, [owned, status_condition(flt)], page)

    def statement(
        self,
        columns: list[ColumnElement[Any]],
        conditions: list[ColumnElement[bool]],
        walk_over: list[ColumnElement[bool]],
        page: PageRequest,
    ) -> Select[Any]:
        """The page's SELECT over the first ``walk_rows`` of the numbers meeting
        ``walk_over`` (the account and the statuses: the ordering's index reads them in page
        order) from the cursor on; ``conditions``, all of the filter's, must not name the
        spatial index (``filter_conditions(walk=True)``)."""
        key, descending = self.key, self.descending
        if self.dialect == "postgresql":
            return _lateral_walk(columns, conditions, walk_over, page, key, descending)
        steps = select(o.c.sid).where(*walk_over)
        steps = apply_keyset(steps, key, page, descending).limit(walk_rows(page.size))
        in_walk = o.c.sid.in_(steps.correlate(None))
        statement = select(*columns).select_from(ACTIVE_NUMBER_FROM).where(in_walk, *conditions)
        return apply_keyset(statement, key, page, descending)


def _lateral_walk(
    columns: list[ColumnElement[Any]],
    conditions: list[ColumnElement[bool]],
    walk_over: list[ColumnElement[bool]],
    page: PageRequest,
    key: SortKey,
    descending: bool,
) -> Select[Any]:
    """PostgreSQL's walk: the walked sids in page order, each one's row read and tested in a
    LATERAL subquery that ``OFFSET 0`` keeps from being merged into a join the planner
    could reorder; the outer ORDER BY is the walk's own, so no sort and an early stop."""
    steps = select(key.expression.label("walk_value"), o.c.sid.label("walk_sid"))
    steps = apply_keyset(steps.where(*walk_over), key, page, descending)
    walked = steps.limit(walk_rows(page.size)).subquery("walked")
    found = (
        select(*columns)
        .select_from(ACTIVE_NUMBER_FROM)
        .where(o.c.sid == walked.c.walk_sid, *conditions)
        .offset(0)
        .lateral("walked_row")
    )
    value, sid = walked.c.walk_value, walked.c.walk_sid
    reverse = descending != page.backward
    order = (value.desc(), sid.desc()) if reverse else (value.asc(), sid.asc())
    statement = select(*found.c).select_from(walked.join(found, true()))
    return statement.order_by(*order).limit(page.size + 1)


def walk_rows(size: int) -> int:
    """How many of the account's numbers the walk may read for a page of ``size`` (plus
    one) rows: more per row than the catalog's walk (``catalog/near_walk.py``), as the
    fallback costs every catalog number in the box, however few of them the account owns."""
    return max(MIN_WALK_ROWS, WALK_ROWS_PER_ROW * (size + 1))


async def walked_page(
    conn: AsyncConnection, walk: Select[Any], page: PageRequest, params: dict[str, Any]
) -> Sequence[Row[Any]] | None:
    """The page's rows (plus the one after) found by the walk; None when the walk did not
    fill the page (the caller reads the spatial index then)."""
    rows = (await conn.execute(walk, params)).all()
    return rows if filled(len(rows), page) else None
