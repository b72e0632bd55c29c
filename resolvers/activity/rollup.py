"""The window's counters rolled up on the number's row, so that a page does not sum buckets.

A page of 50 numbers summed three counters over each number's day buckets: 150 correlated
subqueries, most of the page statement's time beyond reading the rows themselves. The roll-up
(columns of ``owned_numbers``, migration 0019) keeps those sums for the window that starts on
``rolled_from_day``, with ``rolled_until_day``, the oldest day among the buckets it summed
(9999-12-31 when none). For any window whose first day lies between the two, the same buckets
count, so the sums are that window's counters; ``rule`` reads them then, and sums the buckets
otherwise. The answer is the same either way: the roll-up only saves work.

Every writer of buckets rewrites the roll-up of its numbers in the same transaction, after the
buckets and under the number's row lock (``tallies``); a number without buckets is rolled up by
the columns' defaults. As days pass, the window's edge moves past a roll-up's oldest bucket:
``rollup_pass`` rolls those numbers up again (found through the index on ``rolled_until_day``),
locking them first so that a concurrent recorder is either before it or after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, bindparam, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.rule import window_start
from resolvers.core.tables import number_activity_days as days
from resolvers.core.tables import owned_numbers as o
from resolvers.core.transactions import transact
from resolvers.jobs.environment import JobEnvironment

NO_BUCKET_DAY = date(9999, 12, 31)  # a roll-up without buckets holds for every later window
ROLLUP_EDGE = bindparam("rollup_edge", type_=Date())


def rollup_values(edge: ColumnElement[Any] = ROLLUP_EDGE) -> dict[str, Any]:
    """SET values of an UPDATE of ``owned_numbers``: the roll-up of the window starting on
    ``edge`` (subqueries correlated to the updated row)."""
    counted = and_(days.c.number_sid == o.c.sid, days.c.day >= edge)

    def total(column: ColumnElement[int]) -> Any:
        return select(func.coalesce(func.sum(column), 0)).where(counted).scalar_subquery()

    oldest = select(func.min(days.c.day)).where(counted).scalar_subquery()
    return {
        "rolled_from_day": edge,
        "rolled_until_day": func.coalesce(oldest, literal(NO_BUCKET_DAY, Date())),
        "rolled_calls": total(days.c.calls),
        "rolled_qualifying_calls": total(days.c.qualifying_calls),
        "rolled_messages": total(days.c.messages),
    }


async def roll_up_stale(conn: AsyncConnection, now: datetime, size: int) -> int:
    """Roll up again at most ``size`` numbers whose roll-up ``now``'s window has left
    behind; how many. The rows are locked first (skipping those a recorder holds: it rolls
    them up itself), and the UPDATE, a later statement, sees every bucket committed before."""
    edge = window_start(now)
    stale = (
        select(o.c.sid)
        .where(o.c.rolled_until_day < edge)
        .order_by(o.c.rolled_until_day)
        .limit(size)
        .with_for_update(skip_locked=True)
    )
    sids = list((await conn.execute(stale)).scalars())
    await roll_up(conn, sids, now)
    return len(sids)


async def roll_up(conn: AsyncConnection, sids: Sequence[str], now: datetime) -> None:
    """Roll up the numbers ``sids`` for the window at ``now`` (one UPDATE)."""
    if sids:
        update = o.update().where(o.c.sid.in_(sids)).values(rollup_values())
        await conn.execute(update, {ROLLUP_EDGE.key: window_start(now)})


async def rollup_pass(env: JobEnvironment) -> int:
    """Numbers rolled up again at ``env.clock.now()``, in batches of the reclaim batch size."""
    now, size, total = env.clock.now(), env.policy.reclaim_batch_size, 0
    while True:
        count = await transact(env.engine, lambda conn: roll_up_stale(conn, now, size))
        total += count
        if count < size:
            return total
