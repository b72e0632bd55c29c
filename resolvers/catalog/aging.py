"""The aging pass: quarantined numbers return to the catalog.

A released number's catalog row is ``aging`` until ``aging_until`` (release time + restore
window + quarantine). Search and purchase already treat a row past that time as for sale;
``return_aged_numbers`` makes it ``available`` again with ``aging_until`` cleared, so the
catalog's state column and its indexes say what is for sale.

Rows are claimed in batches with ``FOR NO KEY UPDATE SKIP LOCKED`` on PostgreSQL (SQLite's
BEGIN IMMEDIATE serializes runners) and changed by a conditional update, so a second run at
the same clock time, or a second runner, finds nothing left to do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import AGING, AVAILABLE
from resolvers.core.tables import catalog_numbers as c
from resolvers.jobs.batches import until_drained
from resolvers.jobs.environment import JobEnvironment


async def return_aged_numbers(env: JobEnvironment) -> int:
    """Put every number whose quarantine ended by now back in the catalog; how many."""
    now, limit = env.clock.now(), max(1, env.policy.batch_size)

    async def batch(conn: AsyncConnection) -> tuple[int, int]:
        return await _return_batch(conn, now, limit)

    return await until_drained(env.engine, batch, limit)


def _aged(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (c.c.state == AGING, c.c.aging_until.is_not(None), c.c.aging_until <= now)


def _aged_claim(now: datetime, limit: int) -> Select[Any]:
    """Catalog rows whose quarantine ended, locked (skipping rows other runners hold)."""
    return (
        select(c.c.phone_number)
        .where(*_aged(now))
        .order_by(c.c.aging_until, c.c.phone_number)
        .limit(limit)
        .with_for_update(skip_locked=True, key_share=True)
    )


async def _return_batch(conn: AsyncConnection, now: datetime, limit: int) -> tuple[int, int]:
    numbers = (await conn.execute(_aged_claim(now, limit))).scalars().all()
    if not numbers:
        return 0, 0
    returned = await conn.execute(
        c.update()
        .where(c.c.phone_number.in_(numbers), *_aged(now))
        .values(state=AVAILABLE, aging_until=None)
    )
    return len(numbers), returned.rowcount
