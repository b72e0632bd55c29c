"""The restore-window pass: a released number's window closes.

A released number can be restored by its last owner until ``restorable_until`` (restore
refuses it afterwards by time alone). ``expire_restore_windows`` makes that explicit: the
ownership row stays RELEASED (the ActiveNumberStatus contract has no third value) and gets
``restore_expired_at``, with one RESTORE_WINDOW_EXPIRED event for its owner. A hosted
number's window is 3 days, and when it closes the number leaves the network: its catalog row
becomes ``departed`` (never for sale; it may be hosted again by whoever owns it). The
quarantine that follows is the catalog's aging pass (``resolvers.catalog.aging``).

Rows are claimed in batches with ``FOR NO KEY UPDATE SKIP LOCKED`` on PostgreSQL (SQLite's
BEGIN IMMEDIATE serializes runners) and changed by a conditional update, so a second run at
the same clock time, or a second runner, finds nothing left to do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import AGING
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.events.outbox import record_event
from resolvers.jobs.batches import until_drained
from resolvers.jobs.environment import JobEnvironment
from resolvers.provisioning.inventory import DEPARTED

RESTORE_WINDOW_EXPIRED = "RESTORE_WINDOW_EXPIRED"


async def expire_restore_windows(env: JobEnvironment) -> int:
    """Close every restore window that ended by now; the number of windows closed."""
    now, limit = env.clock.now(), max(1, env.policy.batch_size)

    async def batch(conn: AsyncConnection) -> tuple[int, int]:
        return await _expire_batch(conn, now, limit)

    return await until_drained(env.engine, batch, limit)


def _expiring() -> tuple[ColumnElement[bool], ...]:
    return (o.c.status == "RELEASED", o.c.restore_expired_at.is_(None))


def _expiring_claim(now: datetime, limit: int) -> Select[Any]:
    """Released numbers whose window ended, locked (skipping rows other runners hold)."""
    return (
        select(o.c.sid, o.c.account_sid, o.c.phone_number, o.c.restorable_until, o.c.origin)
        .where(*_expiring(), o.c.restorable_until.is_not(None), o.c.restorable_until <= now)
        .order_by(o.c.restorable_until, o.c.sid)
        .limit(limit)
        .with_for_update(skip_locked=True, key_share=True)
    )


async def _expire_batch(conn: AsyncConnection, now: datetime, limit: int) -> tuple[int, int]:
    rows = (await conn.execute(_expiring_claim(now, limit))).all()
    changed = 0
    for row in rows:
        closed = await conn.execute(
            o.update()
            .where(o.c.sid == row.sid, *_expiring())
            .values(restore_expired_at=now, updated_at=now)
        )
        if closed.rowcount != 1:
            continue
        changed += 1
        departed = row.origin == "HOSTED" and await _leave_network(conn, row.phone_number)
        await record_event(
            conn,
            account_sid=row.account_sid,
            kind=RESTORE_WINDOW_EXPIRED,
            node_type="ActiveNumber",
            node_sid=row.sid,
            now=now,
            data={
                "phoneNumber": row.phone_number,
                "restorableUntil": row.restorable_until.isoformat(),
                **({"leftNetwork": True} if departed else {}),
            },
        )
    return len(rows), changed


async def _leave_network(conn: AsyncConnection, phone_number: str) -> bool:
    """A released hosted number held for its owner goes back to its own carrier."""
    held = (c.c.phone_number == phone_number, c.c.state == AGING, c.c.aging_until.is_(None))
    result = await conn.execute(c.update().where(*held).values(state=DEPARTED))
    return result.rowcount == 1
