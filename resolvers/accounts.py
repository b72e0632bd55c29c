"""Accounts: authentication, visibility (viewer and its subaccounts) and the Account shape.

Visibility rule (API.md): a request acts as the authenticated account; a parent may name one of
its subaccounts; anything else reads as not found, never as forbidden, so sids don't leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.account_ledger import TransactionsOf
from resolvers.errors import NotFound
from resolvers.money import money
from resolvers.projection import ColumnList, Derived, Leaf, ObjectShape, compile_reader
from resolvers.selection import SelectionTree
from resolvers.sids import is_sid
from resolvers.tables import accounts
from resolvers.times import as_utc
from resolvers.tokens import token_matches

CLOSED = "CLOSED"


@dataclass(frozen=True)
class Viewer:
    """The authenticated account a request acts as."""

    sid: str
    parent_sid: str | None
    status: str
    type: str


async def authenticate(conn: AsyncConnection, account_sid: str, token: str) -> Viewer | None:
    """The account for these credentials, or None (wrong sid, wrong token, or closed)."""
    if not is_sid(account_sid, "AC"):
        return None
    row = (
        await conn.execute(
            select(
                accounts.c.sid,
                accounts.c.parent_sid,
                accounts.c.status,
                accounts.c.type,
                accounts.c.auth_token_hash,
            ).where(accounts.c.sid == account_sid)
        )
    ).first()
    if row is None or not token_matches(token, row.auth_token_hash) or row.status == CLOSED:
        return None
    return Viewer(row.sid, row.parent_sid, row.status, row.type)


async def visible_account_sid(
    conn: AsyncConnection, viewer: Viewer, account_sid: str | None, field: list[str]
) -> str:
    """The account a request names (default: the viewer); NotFound unless visible."""
    if account_sid is None or account_sid == viewer.sid:
        return viewer.sid
    found = (
        await conn.execute(
            select(accounts.c.sid).where(
                accounts.c.sid == account_sid, accounts.c.parent_sid == viewer.sid
            )
        )
    ).first()
    if found is None:
        raise NotFound(f"no account {account_sid!r} is visible to you", field=field)
    return account_sid


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
