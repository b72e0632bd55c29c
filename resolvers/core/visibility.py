"""Who a request acts as, and what it may see.

Visibility rule (API.md): a request acts as the authenticated account; a parent may name one of
its subaccounts; anything else reads as not found, never as forbidden, so sids don't leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, Table, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.enums import AccountStatus
from resolvers.core.errors import NotFound
from resolvers.core.sids import is_sid
from resolvers.core.tables import accounts
from resolvers.core.tokens import token_matches

CLOSED = AccountStatus.CLOSED


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


def visible_owners(viewer: Viewer) -> Select[tuple[str]]:
    """The sids of the accounts a viewer may name: itself and its subaccounts."""
    return select(accounts.c.sid).where(
        or_(accounts.c.sid == viewer.sid, accounts.c.parent_sid == viewer.sid)
    )


def visible_rows(viewer: Viewer, table: Table) -> ColumnElement[bool]:
    """The rows of ``table`` (by its ``account_sid``) that belong to an account the viewer
    may name."""
    return table.c.account_sid.in_(visible_owners(viewer))
