"""Released numbers that their last owner can still restore."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import owned_numbers as o
from resolvers.core.times import as_utc
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.projection import Leaf, ObjectShape
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

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
RESTORABLE = Listing(
    o, RELEASED_NUMBER, SortKey("RESTORABLE_UNTIL", o.c.restorable_until, o.c.sid, is_time=True)
)


def restorable(account_sid: str, now: datetime) -> list[ColumnElement[bool]]:
    return [o.c.account_sid == account_sid, o.c.status == "RELEASED", o.c.restorable_until > now]


async def get_released_number(
    conn: AsyncConnection, sid: str, owners: ColumnElement[bool], selection: SelectionTree
) -> dict[str, Any] | None:
    """The number ``sid`` as released by an account of ``owners``; None once it was restored
    (it has no ``releasedAt`` then, and is no longer a released number)."""
    conditions = (o.c.sid == sid, owners, o.c.released_at.is_not(None))
    return await read_one(conn, RELEASED_NUMBER, selection, o.c.sid, *conditions)


async def list_released_numbers(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any]:
    return await read_page(conn, RESTORABLE, restorable(account_sid, now), first, after, selection)
