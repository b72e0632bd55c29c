"""Callers and owned numbers in bulk, for the read-path tests.

``add_numbers`` writes the catalog rows and the ownerships of many numbers in one transaction
(``factories.add_owned`` costs two transactions per number), with the same defaults as
``factories.catalog_row`` and ``factories.add_owned``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.core.phone import national_format
from resolvers.core.sids import new_sid
from resolvers.core.tables import catalog_numbers, owned_numbers
from tests.support.client import Gateway, basic_auth
from tests.support.factories import T0, add_account, catalog_row


@dataclass(frozen=True)
class Caller:
    """An account and the Authorization header that authenticates as it."""

    sid: str
    token: str

    @property
    def auth(self) -> str:
        return basic_auth(self.sid, self.token)


async def new_caller(engine: AsyncEngine, **account: Any) -> Caller:
    created = await add_account(engine, **account)
    return Caller(created.sid, created.token)


async def sign_in(gateway: Gateway, **account: Any) -> Caller:
    """A new account that the gateway's ``gql`` calls act as from now on."""
    caller = await new_caller(gateway.engine, **account)
    gateway.auth = caller.auth
    return caller


@dataclass(frozen=True)
class Number:
    """One number to own: overrides of its catalog row and of its ownership row."""

    phone_number: str
    catalog: dict[str, Any] = field(default_factory=dict)
    owned: dict[str, Any] = field(default_factory=dict)


def owned_row(account_sid: str, phone_number: str, **overrides: Any) -> dict[str, Any]:
    purchased_at = overrides.pop("purchased_at", T0 - timedelta(days=10))
    row: dict[str, Any] = {
        "sid": new_sid("PN"),
        "account_sid": account_sid,
        "phone_number": phone_number,
        "friendly_name": national_format(phone_number),
        "origin": "PURCHASED",
        "status": "IN_USE",
        "setup_fee_minor": 0,
        "monthly_fee_minor": 115,
        "purchased_at": purchased_at,
        "next_billing_date": purchased_at + timedelta(days=31),
        "created_at": purchased_at,
        "updated_at": purchased_at,
    }
    row.update(overrides)
    return row


async def add_numbers(
    engine: AsyncEngine, account_sid: str, numbers: Iterable[Number | str]
) -> list[str]:
    """Put each number in the catalog and own it; the PN sids, in the order given."""
    specs = [Number(n) if isinstance(n, str) else n for n in numbers]
    catalog = [catalog_row(s.phone_number, **{"state": "assigned", **s.catalog}) for s in specs]
    owned = [owned_row(account_sid, s.phone_number, **s.owned) for s in specs]
    async with engine.begin() as conn:
        await _insert(conn, catalog_numbers, catalog)
        await _insert(conn, owned_numbers, owned)
    return [row["sid"] for row in owned]


async def _insert(conn: AsyncConnection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany per set of keys (executemany needs the same keys in every row)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        await conn.execute(table.insert(), group)


async def add_number(
    engine: AsyncEngine,
    account_sid: str,
    phone_number: str,
    catalog: dict[str, Any] | None = None,
    **owned: Any,
) -> str:
    """One number; ``catalog`` overrides its catalog row, keywords its ownership row."""
    [sid] = await add_numbers(engine, account_sid, [Number(phone_number, catalog or {}, owned)])
    return sid


def us_numbers(count: int, start: int = 100, area: str = "415") -> list[str]:
    """``count`` distinct valid US numbers ``+1<area>555<nnnn>``, ascending."""
    return [f"+1{area}555{n:04d}" for n in range(start, start + count)]
