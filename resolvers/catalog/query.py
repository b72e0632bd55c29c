"""``availableNumbers``: one statement per page, plus one count only when it is selected.

Pages are keyset by phone number: a cursor holds the last number seen, so numbers bought or
added between two pages never shift the next one. (A ``nearNumber`` search reads that
number's location first: one primary-key lookup. A ``near`` page walks the page order first
and reads the spatial index only when that walk does not fill it: ``near_walk.py``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.filters import search_conditions
from resolvers.catalog.near import near_filter
from resolvers.catalog.near_walk import SORT_KEY, filled, walk_statement
from resolvers.catalog.search import CatalogSearch, validate
from resolvers.catalog.shape import AVAILABLE_NUMBER
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.pagination import (
    PageRequest,
    apply_keyset,
    connection,
    encode_cursor,
    page_request,
)
from resolvers.reads.projection import ColumnList, RowReader, compile_reader
from resolvers.reads.selection import SelectionTree, merge, path

PAGE_FIELDS = ("edges", "nodes", "pageInfo")


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None


async def list_available_numbers(
    conn: AsyncConnection,
    *,
    search: CatalogSearch,
    page_args: PageArgs,
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any]:
    """The ``AvailableNumberConnection`` dict of exactly the selected fields."""
    search = validate(search)
    page = page_request(page_args.first, page_args.after, None, None, SORT_KEY)
    near = await near_filter(conn, search)
    dialect = conn.dialect.name

    def conditions(walk: bool = False) -> list[ColumnElement[bool]]:
        return search_conditions(search, near=near, dialect=dialect, now=now, walk=walk)

    result: dict[str, Any] = {}
    if any(name in selection for name in PAGE_FIELDS):
        node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
        columns, read, number_at = page_columns(node_selection)
        rows: Sequence[Row[Any]] = []
        if near is not None:  # walk the page order first (catalog/near_walk.py)
            walk = walk_statement(columns, conditions(True), page, dialect)
            rows = (await conn.execute(walk)).all()
        if not filled(len(rows), page):
            rows = (await conn.execute(page_statement(columns, conditions(), page))).all()
        result |= connection(rows, page, selection, read, lambda row: _cursor(row[number_at]))
    if "totalCount" in selection:
        count = select(func.count()).select_from(c).where(*conditions())
        result["total_count"] = int((await conn.execute(count)).scalar_one())
    return result


def page_columns(node_selection: SelectionTree) -> tuple[list[ColumnElement[Any]], RowReader, int]:
    """The page's columns, the row reader, and where the phone number sits in a row."""
    columns = ColumnList()
    read = compile_reader(AVAILABLE_NUMBER, node_selection, columns)
    return columns.columns, read, columns.position(c.c.phone_number)


def page_statement(
    columns: list[ColumnElement[Any]], conditions: list[ColumnElement[bool]], page: PageRequest
) -> Select[Any]:
    """The page's SELECT: every row that meets ``conditions``, from the cursor on."""
    statement = select(*columns).select_from(c).where(*conditions)
    return apply_keyset(statement, SORT_KEY, page, descending=False)


def _cursor(phone_number: str) -> str:
    return encode_cursor(SORT_KEY, phone_number, phone_number)
