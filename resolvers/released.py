"""Released numbers that their last owner can still restore."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.pagination import SortKey, apply_keyset, connection, encode_cursor, page_request
from resolvers.projection import ColumnList, Leaf, ObjectShape, compile_reader
from resolvers.selection import SelectionTree, merge, path
from resolvers.tables import owned_numbers as o
from resolvers.times import as_utc

RELEASED_NUMBER = ObjectShape(
    "released_number",
    {
        "sid": Leaf("sid", o.c.sid),
        "phoneNumber": Leaf("phone_number", o.c.phone_number),
        "friendlyName": Leaf("friendly_name", o.c.friendly_name),
        "releasedAt": Leaf("released_at", o.c.released_at, as_utc),
        "restorableUntil": Leaf("restorable_until", o.c.restorable_until, as_utc),
    },
)
# Soonest to expire first: the ones a user must decide about now.
BY_RESTORABLE_UNTIL = SortKey("RESTORABLE_UNTIL", o.c.restorable_until, o.c.sid, is_time=True)


def restorable(account_sid: str, now: datetime) -> list[ColumnElement[bool]]:
    return [o.c.account_sid == account_sid, o.c.status == "RELEASED", o.c.restorable_until > now]


async def get_released_number(
    conn: AsyncConnection, sid: str, selection: SelectionTree
) -> dict[str, Any] | None:
    columns = ColumnList()
    read = compile_reader(RELEASED_NUMBER, selection, columns)
    columns.position(o.c.sid)
    row = (await conn.execute(select(*columns.columns).where(o.c.sid == sid))).first()
    result: dict[str, Any] | None = None if row is None else read(row)
    return result


async def list_released_numbers(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any]:
    key = BY_RESTORABLE_UNTIL
    page = page_request(first, after, None, None, key)
    columns = ColumnList()
    node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
    read = compile_reader(RELEASED_NUMBER, node_selection, columns)
    sort_at, sid_at = columns.position(key.expression), columns.position(o.c.sid)
    statement = select(*columns.columns).where(*restorable(account_sid, now))
    rows = (await conn.execute(apply_keyset(statement, key, page, descending=False))).all()
    return connection(
        rows, page, selection, read, lambda row: encode_cursor(key, row[sort_at], row[sid_at])
    )
