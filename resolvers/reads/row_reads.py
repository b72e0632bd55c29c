"""One object by its conditions, read through a projection in one statement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.reads.projection import ObjectShape, projection
from resolvers.reads.selection import SelectionTree


async def read_one(
    conn: AsyncConnection,
    shape: ObjectShape,
    selection: SelectionTree,
    sid_column: ColumnElement[Any],
    *conditions: ColumnElement[bool],
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The selected fields of the first row matching ``conditions``, or None; ``params``
    bind the shape's parameters (a clock time, say)."""
    columns, read = projection(shape, selection)
    columns.position(sid_column)  # at least one column, whatever was selected
    statement = select(*columns.columns).where(*conditions).limit(1)
    row = (await conn.execute(statement, dict(params or {}))).first()
    result: dict[str, Any] | None = None if row is None else read(row)
    return result
