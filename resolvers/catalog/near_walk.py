"""A ``near`` page read in page order first: walk the catalog by phone number, bounded.

``availableNumbers`` lists a circle's numbers by phone number. Through the spatial index,
a page costs every candidate in the circle's box (about 37,000 around New York in a catalog
of 1,000,000), each measured and then sorted, only to keep the first 51. Where the circle is
dense along the page order, walking the phone-number index from the cursor and testing each
row finds the page after a few dozen rows instead.

The walk reads at most ``walk_rows(size)`` catalog rows after the cursor (whatever their
country, type or state), in phone-number order, and keeps those that pass every condition
of the search (the circle tested row by row, no index). If that fills the page plus the one
row that tells whether a next page exists, these are exactly the first rows of the ordered
answer: every row past the walk sorts after all of them. Otherwise (a sparse circle, or the
last page) the read falls back to the spatial index's statement, which is exact on its own;
what the walk cost is bounded by its row cap (a few milliseconds), and that is the density
check: the walk stops being worth it below one match in ``WALK_ROWS_PER_ROW`` rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.pagination import PageRequest, SortKey, apply_keyset

# The page order of ``availableNumbers`` (the phone number is unique: its own tiebreak; the
# name keeps other cursors out).
SORT_KEY = SortKey("AVAILABLE_PHONE_NUMBER", c.c.phone_number, c.c.phone_number)

# Rows walked per row wanted: the page fills from the walk when at least one row in this
# many (after the cursor, in phone-number order) is a match.
WALK_ROWS_PER_ROW = 20
MIN_WALK_ROWS = 1_000


def walk_rows(size: int) -> int:
    """How many catalog rows the walk may read for a page of ``size`` (plus one) rows."""
    return max(MIN_WALK_ROWS, WALK_ROWS_PER_ROW * (size + 1))


def walk_statement(
    columns: list[ColumnElement[Any]],
    conditions: list[ColumnElement[bool]],
    page: PageRequest,
    dialect: str,
) -> Select[Any]:
    """The page's SELECT over the first ``walk_rows`` catalog rows after the cursor.

    ``conditions`` must not name the spatial index (``near_conditions(indexed=False)``) nor
    the market's index, so that the walk drives the read in the page's order and the read
    stops once the page is full. SQLite: the walk is a range of the phone-number index, from
    the cursor to the last walked row (found once, reading the index alone); joined to a
    subquery, it would materialize and sort it. PostgreSQL: the walk is that subquery, joined
    row by row in its order; it cannot estimate the range's bound (a parameter), would take
    it for a third of the catalog and read it in parallel workers, then sort (20 ms, not 2).
    """
    steps = select(c.c.phone_number).order_by(c.c.phone_number).limit(walk_rows(page.size))
    if page.cursor is not None:
        steps = steps.where(c.c.phone_number > page.cursor.value)
    walk = steps.subquery("walk")
    if dialect == "sqlite":
        last = select(func.max(walk.c.phone_number)).scalar_subquery()
        statement = select(*columns).select_from(c).where(c.c.phone_number <= last)
    else:
        joined = walk.join(c, c.c.phone_number == walk.c.phone_number)
        statement = select(*columns).select_from(joined)
    return apply_keyset(statement.where(*conditions), SORT_KEY, page, descending=False)


def filled(rows: int, page: PageRequest) -> bool:
    """Whether the walk found the whole page and the row after it (so: the exact answer)."""
    return rows > page.size
