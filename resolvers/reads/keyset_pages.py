"""One Relay page of a single table's rows, read through a projection.

The connection reads of small tables (an account's ledger, its addresses) differ only in their
shape, sort key and filter; this is the one statement they share (plus a count only when
``totalCount`` is selected).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.reads.pagination import (
    SortKey,
    apply_keyset,
    connection,
    encode_cursor,
    page_request,
)
from resolvers.reads.projection import ObjectShape, projection
from resolvers.reads.selection import SelectionTree, merge, path


@dataclass(frozen=True)
class Listing:
    """What a connection lists: rows of ``table`` in ``key`` order, read as ``shape``."""

    table: Table
    shape: ObjectShape
    key: SortKey
    descending: bool = False


async def read_page(
    conn: AsyncConnection,
    listing: Listing,
    where: list[ColumnElement[bool]],
    first: int | None,
    after: str | None,
    selection: SelectionTree,
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The page; ``params`` bind the shape's parameters (a clock time, say)."""
    key = listing.key
    page = page_request(first, after, None, None, key)
    node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
    columns, read = projection(listing.shape, node_selection)
    sort_at, sid_at = columns.position(key.expression), columns.position(key.tiebreak)
    statement = select(*columns.columns).select_from(listing.table).where(*where)
    statement = apply_keyset(statement, key, page, listing.descending)
    rows = (await conn.execute(statement, dict(params or {}))).all()
    result = connection(
        rows, page, selection, read, lambda row: encode_cursor(key, row[sort_at], row[sid_at])
    )
    if "totalCount" in selection:
        count = select(func.count()).select_from(listing.table).where(*where)
        result["total_count"] = int(await conn.scalar(count) or 0)
    return result
