"""The ``reservations`` connection: an account's live holds, soonest to end first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import AGING, AVAILABLE
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.times import as_utc
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.projection import Leaf, ObjectShape
from resolvers.reads.selection import SelectionTree

SHAPE = ObjectShape(
    "reservation",
    {
        "phoneNumber": Leaf("phone_number", c.c.phone_number),
        "heldUntil": Leaf("held_until", c.c.held_until, as_utc),
    },
)
BY_END = SortKey("HELD_UNTIL", c.c.held_until, c.c.phone_number, is_time=True)


async def list_reservations(
    conn: AsyncConnection,
    holder: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any]:
    """The holder's live holds (a bought number's hold is gone; an ended one is not live)."""
    where = [c.c.held_by == holder, c.c.held_until > now, c.c.state.in_((AVAILABLE, AGING))]
    return await read_page(conn, Listing(c, SHAPE, BY_END), where, first, after, selection)
