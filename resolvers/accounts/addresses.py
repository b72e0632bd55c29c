"""createAddress and the ``addresses`` connection.

Every part of a postal address is required and must fit its column; the country is an ISO
3166-1 alpha-2 code that ``phonenumbers`` knows, since address requirements compare it with a
number's country (REFERENCE.md, Purchase). Addresses are listed oldest first: the order in
which a purchase picks one when none is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.active_numbers.shape import ADDRESS
from resolvers.core.naming import MAX_FRIENDLY_NAME, friendly_name, required_text
from resolvers.core.phone import check_iso_country
from resolvers.core.sids import new_sid
from resolvers.core.tables import addresses as a
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

OLDEST_FIRST = Listing(a, ADDRESS, SortKey("CREATED_AT", a.c.created_at, a.c.sid, is_time=True))
REQUIRED = ("customer_name", "street", "city", "region", "postal_code")


@dataclass(frozen=True)
class NewAddress:
    customer_name: str
    street: str
    city: str
    region: str
    postal_code: str
    iso_country: str
    friendly_name: str | None = None  # default: "<street>, <city>", cut to 64 characters


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def address_columns(address: NewAddress) -> dict[str, Any]:
    """The checked column values of ``address``; errors name the input field."""
    values = {
        name: required_text(getattr(address, name), a.c[name], ["input", _camel(name)])
        for name in REQUIRED
    }
    values["iso_country"] = check_iso_country(address.iso_country, ["input", "isoCountry"])
    if address.friendly_name is None:
        default = f"{values['street']}, {values['city']}"
        values["friendly_name"] = default[:MAX_FRIENDLY_NAME].rstrip()
    else:
        values["friendly_name"] = friendly_name(address.friendly_name, ["input", "friendlyName"])
    return values


async def create_address(
    conn: AsyncConnection, account_sid: str, address: NewAddress, now: datetime
) -> str:
    sid = new_sid("AD")
    columns = address_columns(address)
    await conn.execute(
        a.insert().values(sid=sid, account_sid=account_sid, created_at=now, **columns)
    )
    return sid


async def get_address(
    conn: AsyncConnection, sid: str, owners: ColumnElement[bool], selection: SelectionTree
) -> dict[str, Any] | None:
    return await read_one(conn, ADDRESS, selection, a.c.sid, a.c.sid == sid, owners)


async def list_addresses(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
) -> dict[str, Any]:
    where = [a.c.account_sid == account_sid]
    return await read_page(conn, OLDEST_FIRST, where, first, after, selection)
