"""A release's two writes of the number, its ownership row and its catalog row, with no read.

``release_number`` changes the owned row only if it is the caller's (``owners``), IN_USE and
without an ACTIVE emergency registration, and returns what the refund and the event need as it
was BEFORE the update (the cycle the release ends, the sender pool it leaves). Neither database
returns old values from an UPDATE (PostgreSQL only from version 18), so each takes another way:

- PostgreSQL: ``UPDATE owned … FROM (SELECT … FOR UPDATE) AS old … RETURNING old.*``: the
  subquery locks the row and rechecks its conditions on the newest version when it waited
  for a concurrent writer; RETURNING may name the FROM item's columns. Then the catalog row,
  in the order every writer locks them (owned, then catalog).
- SQLite: RETURNING names only the updated table's columns, and those after the update. So
  the catalog row is updated first, only when the owned row is releasable (a subquery in its
  WHERE), and returns the owned row's values through scalar subqueries in its RETURNING (the
  owned row is not changed yet); then the owned row. The whole transaction holds SQLite's one
  write lock (BEGIN IMMEDIATE), so nothing changes between the two.

None, with nothing written, when the number may not be released.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.provisioning.inventory import (
    HOSTED_RELEASE_WINDOW,
    RESTORE_WINDOW,
    aging_values,
    start_aging,
)

# The owned row's columns a release needs from before its update.
BEFORE = (
    o.c.sid,
    o.c.account_sid,
    o.c.phone_number,
    o.c.origin,
    o.c.messaging_service_sid,
    o.c.monthly_fee_minor,
    o.c.purchased_at,
    o.c.next_billing_date,
    o.c.status_callback,
    o.c.status_callback_method,
)


def releasable(owners: Any, sid: str) -> tuple[ColumnElement[bool], ...]:
    """The owned row ``sid`` as a release may take it."""
    return (o.c.sid == sid, owners, o.c.status == "IN_USE", o.c.emergency_status != "ACTIVE")


def _released(now: datetime) -> dict[str, Any]:
    """The owned row's new values (the restore window from the row's own origin)."""
    window = case((o.c.origin == "HOSTED", now + HOSTED_RELEASE_WINDOW), else_=now + RESTORE_WINDOW)
    return {
        "status": "RELEASED",
        "released_at": now,
        "restorable_until": window,
        "next_billing_date": None,
        "messaging_service_sid": None,  # a released number leaves its sender pool
        "updated_at": now,
    }


async def release_number(
    conn: AsyncConnection, owners: Any, sid: str, now: datetime, aging_period: timedelta
) -> Row[Any] | None:
    """Release the owned number ``sid`` and start its catalog row aging; its ``BEFORE``
    values, or None (nothing written) when it is not releasable by ``owners``."""
    if conn.dialect.name == "postgresql":
        return await _owned_then_catalog(conn, owners, sid, now, aging_period)
    return await _catalog_then_owned(conn, owners, sid, now, aging_period)


async def _owned_then_catalog(
    conn: AsyncConnection, owners: Any, sid: str, now: datetime, aging_period: timedelta
) -> Row[Any] | None:
    old = select(*BEFORE).where(*releasable(owners, sid)).with_for_update().subquery("old")
    number = (
        await conn.execute(
            o.update().where(o.c.sid == old.c.sid).values(_released(now)).returning(*old.c)
        )
    ).first()
    if number is not None:
        await start_aging(conn, number.phone_number, now, number.origin, aging_period)
    return number


async def _catalog_then_owned(
    conn: AsyncConnection, owners: Any, sid: str, now: datetime, aging_period: timedelta
) -> Row[Any] | None:
    def before(column: Any) -> Any:
        return select(column).where(o.c.sid == sid).scalar_subquery().label(column.name)

    phone = select(o.c.phone_number).where(*releasable(owners, sid)).scalar_subquery()
    origin = select(o.c.origin).where(o.c.sid == sid).scalar_subquery()
    number = (
        await conn.execute(
            c.update()
            .where(c.c.phone_number == phone)
            .values(aging_values(origin, now, aging_period))
            .returning(*(before(column) for column in BEFORE))
        )
    ).first()
    if number is not None:
        await conn.execute(o.update().where(o.c.sid == sid).values(_released(now)))
    return number
