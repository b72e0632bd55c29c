"""Released numbers: the ones their last owner can still restore, and (asked for) the ones
whose restore window has ended, marked ``restorable: false`` (issue 13, item 9)."""

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

FIELDS = {
    "sid": Leaf("sid", o.c.sid),
    "phoneNumber": Leaf("phone_number", o.c.phone_number),
    "friendlyName": Leaf("friendly_name", o.c.friendly_name),
    "releasedAt": Leaf("released_at", o.c.released_at, as_utc),
    "restorableUntil": Leaf("restorable_until", o.c.restorable_until, as_utc),
}
# Soonest to expire first: the ones a user must decide about now (expired ones before them).
BY_EXPIRY = SortKey("RESTORABLE_UNTIL", o.c.restorable_until, o.c.sid, is_time=True)


def released_shape(now: datetime) -> ObjectShape:
    """The ReleasedNumber fields as read at ``now`` (``restorable`` depends on it)."""
    still = Leaf("restorable", o.c.restorable_until > now, bool)
    return ObjectShape("released_number", {**FIELDS, "restorable": still})


def restorable(account_sid: str, now: datetime) -> list[ColumnElement[bool]]:
    return [o.c.account_sid == account_sid, o.c.status == "RELEASED", o.c.restorable_until > now]


def released(account_sid: str) -> list[ColumnElement[bool]]:
    """Every release of the account not undone by a restore, expired or not."""
    return [o.c.account_sid == account_sid, o.c.status == "RELEASED", o.c.released_at.is_not(None)]


async def get_released_number(
    conn: AsyncConnection,
    sid: str,
    owners: ColumnElement[bool],
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any] | None:
    """The number ``sid`` as released by an account of ``owners``; None once it was restored
    (it has no ``releasedAt`` then, and is no longer a released number)."""
    conditions = (o.c.sid == sid, owners, o.c.released_at.is_not(None))
    return await read_one(conn, released_shape(now), selection, o.c.sid, *conditions)


async def list_released_numbers(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
    now: datetime,
    include_expired: bool = False,
) -> dict[str, Any]:
    where = released(account_sid) if include_expired else restorable(account_sid, now)
    listing = Listing(o, released_shape(now), BY_EXPIRY)
    return await read_page(conn, listing, where, first, after, selection)
