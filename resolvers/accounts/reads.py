"""The Account shape: an account and its subaccounts, read with the look-ahead projection."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing.transactions import TransactionsOf
from resolvers.core.money import money
from resolvers.core.tables import accounts
from resolvers.core.times import as_utc
from resolvers.core.visibility import Viewer
from resolvers.reads.projection import ColumnList, Derived, Leaf, ObjectShape, compile_reader
from resolvers.reads.selection import SelectionTree

ACCOUNT = ObjectShape(
    "account",
    {
        "id": Leaf("id", accounts.c.sid),
        "sid": Leaf("sid", accounts.c.sid),
        "friendlyName": Leaf("friendly_name", accounts.c.friendly_name),
        "status": Leaf("status", accounts.c.status),
        "type": Leaf("type", accounts.c.type),
        "isSubaccount": Derived("is_subaccount", (accounts.c.parent_sid,), lambda p: p is not None),
        "balance": Derived("balance", (accounts.c.balance_minor,), money),
        "createdAt": Leaf("created_at", accounts.c.created_at, as_utc),
        "updatedAt": Leaf("updated_at", accounts.c.updated_at, as_utc),
        "flaggedForFraud": Derived(
            "flagged_for_fraud", (accounts.c.fraud_flagged_at,), lambda at: at is not None
        ),
        "fraudFlaggedAt": Leaf("fraud_flagged_at", accounts.c.fraud_flagged_at, as_utc),
        # a connection with arguments: its resolver pages the ledger from this marker
        "transactions": Derived("transactions", (accounts.c.sid,), TransactionsOf),
    },
    typename="Account",
)


async def read_accounts(
    conn: AsyncConnection, where: Any, selection: SelectionTree
) -> list[dict[str, Any]]:
    columns = ColumnList()
    read = compile_reader(ACCOUNT, selection, columns)
    sid_at = columns.position(accounts.c.sid)
    rows = (await conn.execute(select(*columns.columns).where(where))).all()
    found = [(row[sid_at], read(row)) for row in rows]
    found.sort(key=lambda pair: str(pair[0]))
    if "subaccounts" in selection:
        for sid, account in found:
            account["subaccounts"] = await read_accounts(
                conn, accounts.c.parent_sid == sid, selection["subaccounts"]
            )
    return [account for _, account in found]


async def get_account(
    conn: AsyncConnection, viewer: Viewer, account_sid: str, selection: SelectionTree
) -> dict[str, Any] | None:
    """The viewer or one of its subaccounts; None for anything else."""
    visible = or_(accounts.c.sid == viewer.sid, accounts.c.parent_sid == viewer.sid)
    found = await read_accounts(conn, and_(accounts.c.sid == account_sid, visible), selection)
    return found[0] if found else None
