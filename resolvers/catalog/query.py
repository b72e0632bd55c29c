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

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.near import near_filter
from resolvers.catalog.near_walk import SORT_KEY, filled
from resolvers.catalog.search import CatalogSearch, validate
from resolvers.catalog.statements import execution_parameters, search_statements
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.pagination import connection, encode_cursor, page_request
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
    holder: str | None = None,
) -> dict[str, Any]:
    """The ``AvailableNumberConnection`` dict of exactly the selected fields: the numbers for
    sale, and those ``holder`` (the caller) holds itself (``reservedByYou``)."""
    search = validate(search)
    page = page_request(page_args.first, page_args.after, None, None, SORT_KEY)
    near = await near_filter(conn, search)
    node_selection = None
    if any(name in selection for name in PAGE_FIELDS):
        node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
    built = search_statements(search, page, node_selection, near, conn.dialect.name)
    parameters = execution_parameters(now, holder)
    result: dict[str, Any] = {}
    if built.page is not None:
        statement, read, number_at = built.page
        rows: Sequence[Row[Any]] = []
        if built.walk is not None:  # walk the page order first (catalog/near_walk.py)
            rows = (await conn.execute(built.walk, parameters)).all()
        if not filled(len(rows), page):
            rows = (await conn.execute(statement, parameters)).all()
        result |= connection(
            rows, page, selection, read, lambda row: _cursor(row[number_at]), lazy=True
        )
    if "totalCount" in selection:
        count = select(func.count()).select_from(c).where(*built.conditions)
        result["total_count"] = int((await conn.execute(count, parameters)).scalar_one())
    return result


def _cursor(phone_number: str) -> str:
    return encode_cursor(SORT_KEY, phone_number, phone_number)
