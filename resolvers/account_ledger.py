"""``Account.transactions``: an account's ledger entries as a connection, newest first.

The field takes arguments, so no projection can serve it from the account's row; the account
shape carries a ``TransactionsOf`` marker instead, and the field's resolver pages from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.keyset_pages import Listing, read_page
from resolvers.ledger_reads import TRANSACTION
from resolvers.pagination import SortKey
from resolvers.selection import SelectionTree
from resolvers.tables import ledger_entries as t

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
