"""Reading ledger entries (``Transaction`` objects) with the look-ahead projection."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.money import money
from resolvers.projection import ColumnList, Derived, Leaf, ObjectShape, compile_reader
from resolvers.selection import SelectionTree
from resolvers.tables import ledger_entries as t
from resolvers.times import as_utc

TRANSACTION = ObjectShape(
    "transaction",
    {
        "id": Leaf("id", t.c.sid),
        "sid": Leaf("sid", t.c.sid),
        "accountSid": Leaf("account_sid", t.c.account_sid),
        "kind": Leaf("kind", t.c.kind),
        "amount": Derived("amount", (t.c.amount_minor,), money),
        "description": Leaf("description", t.c.description),
        "numberSid": Leaf("number_sid", t.c.number_sid),
        "createdAt": Leaf("created_at", t.c.created_at, as_utc),
    },
    typename="Transaction",
)


async def get_transaction(
    conn: AsyncConnection, sid: str, owners: ColumnElement[bool], selection: SelectionTree
) -> dict[str, Any] | None:
    columns = ColumnList()
    read = compile_reader(TRANSACTION, selection, columns)
    columns.position(t.c.sid)
    row = (await conn.execute(select(*columns.columns).where(t.c.sid == sid, owners))).first()
    result: dict[str, Any] | None = None if row is None else read(row)
    return result
