"""Reading ledger entries (``Transaction`` objects) with the look-ahead projection."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.money import money
from resolvers.projection import Derived, Leaf, ObjectShape
from resolvers.row_reads import read_one
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
    return await read_one(conn, TRANSACTION, selection, t.c.sid, t.c.sid == sid, owners)
