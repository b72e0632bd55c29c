"""A release's two writes of the number, its ownership row and its catalog row, with no read.

``release_number`` changes the owned row only if it is the caller's (``owners``), IN_USE and
without an ACTIVE emergency registration, and returns what the refund and the event need as it
was BEFORE the update (the cycle the release ends, the sender pool it leaves). Neither database
returns old values from an UPDATE (PostgreSQL only from version 18), so each takes another way:

- PostgreSQL: ``WITH old AS MATERIALIZED (SELECT … FOR UPDATE) UPDATE owned … FROM old …
  RETURNING old.*``: the locked read runs once and, when it waited for a concurrent writer,
  rechecks its conditions on the newest version and returns that one (FOR UPDATE is what
  makes a second releaser find nothing: the concurrent tests fail without it); RETURNING may
  name the FROM item's columns. Then the catalog row, in the order every writer locks them
  (owned, then catalog).
- SQLite: RETURNING names only the updated table's columns, and those after the update. So
  the catalog row is updated first, only when the owned row is releasable (a subquery in its
  WHERE), and returns the two owned values the release replaces (cycle, pool) through scalar
  subqueries in its RETURNING (the owned row is not changed yet); then the owned row, which
  returns the values it keeps. The whole transaction holds SQLite's one write lock (BEGIN
  IMMEDIATE), so nothing changes between the two.

None, with nothing written, when the number may not be released.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, bindparam, case, exists, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.provisioning.inventory import (
    HOSTED_RELEASE_WINDOW,
    RESTORE_WINDOW,
    aging_end,
    aging_values,
    start_aging,
)


@dataclass(frozen=True)
class Before:
    """The owned row's values a release needs, as they were before it."""

    account_sid: str
    phone_number: str
    origin: str
    monthly_fee_minor: int
    purchased_at: datetime
    status_callback: str | None
    status_callback_method: str
    next_billing_date: datetime | None  # replaced by the release (NULL)
    messaging_service_sid: str | None  # likewise


KEPT = (
    o.c.account_sid,
    o.c.phone_number,
    o.c.origin,
    o.c.monthly_fee_minor,
    o.c.purchased_at,
    o.c.status_callback,
    o.c.status_callback_method,
)
REPLACED = (o.c.next_billing_date, o.c.messaging_service_sid)


# The statements are built once (bound parameters below, ``_params``); a call only adds the
# caller's ``owners`` condition. Building them afresh cost about a millisecond of CPU a release
# (the subquery's columns and the cache key), more than the statement they save.
_SID = bindparam("release_sid", type_=o.c.sid.type)
_NOW = bindparam("release_now", type_=DateTime())
_RESTORABLE_UNTIL = bindparam("release_restorable_until", type_=DateTime())
_HOSTED_RESTORABLE_UNTIL = bindparam("release_hosted_restorable_until", type_=DateTime())
_AGING_END = bindparam("release_aging_end", type_=DateTime())
_RELEASABLE = (o.c.sid == _SID, o.c.status == "IN_USE", o.c.emergency_status != "ACTIVE")
_RELEASED = {
    "status": "RELEASED",
    "released_at": _NOW,
    "restorable_until": case(
        (o.c.origin == "HOSTED", _HOSTED_RESTORABLE_UNTIL), else_=_RESTORABLE_UNTIL
    ),
    "next_billing_date": None,
    "messaging_service_sid": None,  # a released number leaves its sender pool
    "updated_at": _NOW,
}


def _params(sid: str, now: datetime, aging_period: timedelta) -> dict[str, Any]:
    return {
        "release_sid": sid,
        "release_now": now,
        "release_restorable_until": now + RESTORE_WINDOW,
        "release_hosted_restorable_until": now + HOSTED_RELEASE_WINDOW,
        "release_aging_end": aging_end(now, aging_period),
    }


async def release_number(
    conn: AsyncConnection, owners: Any, sid: str, now: datetime, aging_period: timedelta
) -> Before | None:
    """Release the owned number ``sid`` and start its catalog row aging; its values from
    before, or None (nothing written) when it is not releasable by ``owners``."""
    params = _params(sid, now, aging_period)
    if conn.dialect.name == "postgresql":
        return await _owned_then_catalog(conn, owners, params, aging_period)
    return await _catalog_then_owned(conn, owners, params)


# PostgreSQL: ``owners`` is checked on the updated row, so a recheck after a wait for a
# concurrent writer (a transfer) sees the newest owner too.
# The locked read is a MATERIALIZED CTE so that it runs once, whatever the plan: as a FROM
# subquery, a generic plan on a table without statistics ran it once per row of the account.
_OLD = (
    select(o.c.sid, *KEPT, *REPLACED)
    .where(*_RELEASABLE)
    .with_for_update()
    .cte("old")
    .prefix_with("MATERIALIZED")
)
_RELEASE_RETURNING_OLD = (
    o.update()
    .where(o.c.sid == _SID, o.c.sid == _OLD.c.sid)
    .values(_RELEASED)
    .returning(*_OLD.c[1:])
)


async def _owned_then_catalog(
    conn: AsyncConnection, owners: Any, params: dict[str, Any], aging_period: timedelta
) -> Before | None:
    row = (await conn.execute(_RELEASE_RETURNING_OLD.where(owners), params)).first()
    if row is None:
        return None
    now = params["release_now"]
    await start_aging(conn, row.phone_number, now, row.origin, aging_period)
    return Before(**row._mapping)


# SQLite: the catalog row of a releasable number, returning the owned values the release
# replaces; then the owned row, returning those it keeps.
_ORIGIN = select(o.c.origin).where(o.c.sid == _SID).scalar_subquery()
_AGING = (
    c.update()
    .where(c.c.phone_number == select(o.c.phone_number).where(*_RELEASABLE).scalar_subquery())
    .values(aging_values(_ORIGIN, _AGING_END))
    .returning(
        *(
            select(column).where(o.c.sid == _SID).scalar_subquery().label(column.name)
            for column in REPLACED
        )
    )
)
_RELEASE_RETURNING_KEPT = o.update().where(o.c.sid == _SID).values(_RELEASED).returning(*KEPT)


async def _catalog_then_owned(
    conn: AsyncConnection, owners: Any, params: dict[str, Any]
) -> Before | None:
    visible = exists().where(o.c.sid == _SID, owners)
    replaced = (await conn.execute(_AGING.where(visible), params)).first()
    if replaced is None:
        return None
    kept = (await conn.execute(_RELEASE_RETURNING_KEPT, params)).one()
    return Before(**kept._mapping, **replaced._mapping)
