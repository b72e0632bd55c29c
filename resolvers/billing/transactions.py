"""Reading ledger entries (``Transaction`` objects) with the look-ahead projection.

One entry by sid (payloads, ``node``), or ``Account.transactions``: an account's entries as a
connection, newest first. That field takes arguments, so no projection can serve it from the
account's row; the account shape carries a ``TransactionsOf`` marker instead, and the field's
resolver pages from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.money import money
from resolvers.core.tables import ledger_entries as t
from resolvers.core.times import as_utc
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.projection import Derived, Leaf, ObjectShape
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

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


NEWEST_FIRST = Listing(
    t, TRANSACTION, SortKey("CREATED_AT", t.c.created_at, t.c.sid, is_time=True), descending=True
)


@dataclass(frozen=True)
class TransactionsOf:
    """The value an account's projection gives its ``transactions`` field."""

    account_sid: str


async def list_transactions(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
) -> dict[str, Any]:
    where = [t.c.account_sid == account_sid]
    return await read_page(conn, NEWEST_FIRST, where, first, after, selection)
