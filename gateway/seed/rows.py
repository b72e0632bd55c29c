"""Writing rows: plain dicts keyed by column name, inserted in chunks with executemany.

``insert_rows`` is the ordinary SQLAlchemy path (type processing, so datetimes are stored the
way the rest of the gateway reads them). ``insert_plain_rows`` hands tuples straight to the
driver: SQLAlchemy's per-value processing costs more than SQLite itself on a million
catalog rows, and those rows hold only str, int, float, bool and None, which every driver
(sqlite3, asyncpg) takes as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

Row = dict[str, Any]


async def insert_rows(conn: AsyncConnection, table: Table, rows: Sequence[Row]) -> None:
    if rows:
        await conn.execute(table.insert(), list(rows))


async def insert_plain_rows(conn: AsyncConnection, table: Table, rows: Sequence[Row]) -> None:
    """Insert rows whose values need no conversion (no datetimes, no decimals)."""
    if not rows:
        return
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=list(rows[0]))
    names = compiled.positiontup
    if not (compiled.positional and names):
        await conn.exec_driver_sql(compiled.string, list(rows))
        return
    pick = _tuple_getter(names)
    await conn.exec_driver_sql(compiled.string, [pick(row) for row in rows])


def _tuple_getter(names: Sequence[str]) -> Callable[[Row], tuple[Any, ...]]:
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    return cast(Callable[[Row], tuple[Any, ...]], itemgetter(*names))
