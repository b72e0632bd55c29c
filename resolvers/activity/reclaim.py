"""The reclaim pass: inactive numbers are warned, then taken back after a grace period.

Each run, at the clock's time:
1. withdraws the warnings of numbers that are active again (or no longer candidates);
2. reclaims warned numbers whose ``reclaim_after`` (warning time + the grace period in force
   when the warning was sent: the date the warning promised) has come and that are still
   candidates: each is released exactly as its owner would release it (billing stops, the
   unused whole days are refunded pro rata, the number ages and its last owner may restore
   it for 10 days), marked ``reclaimed_at``, event RECLAIMED;
3. warns the candidates not yet warned: ``reclaim_warned_at``/``reclaim_after``, event
   RECLAIM_WARNING.
Steps 2 and 3 go in batches of ``policy.reclaim_batch_size``, one transaction each, numbers
of TRIAL and SUSPENDED accounts first, then oldest purchase first. On PostgreSQL a batch is
claimed with ``FOR UPDATE OF owned_numbers SKIP LOCKED`` so that concurrent runners take
different numbers, and every change is a conditional UPDATE, so a second run at the same
time (or a concurrent one) sends no second warning and reclaims nothing twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.warnings import candidate_params, is_candidate, withdraw_warnings
from resolvers.core.errors import GatewayError
from resolvers.core.tables import accounts as a
from resolvers.core.tables import owned_numbers as o
from resolvers.core.times import as_utc
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from resolvers.jobs.environment import JobEnvironment
from resolvers.provisioning.release import release

Batch = Callable[[AsyncConnection], Awaitable[int]]

INACTIVE_REASON = (
    "fewer than 3 completed calls of 12 seconds or more and fewer than 3 messages "
    "in the last 30 days"
)
# TRIAL and SUSPENDED accounts' numbers go first (REFERENCE.md), then paid ones.
PRIORITY = case((or_(a.c.type == "TRIAL", a.c.status == "SUSPENDED"), 0), else_=1)


async def reclaim_pass(env: JobEnvironment) -> int:
    """Warnings withdrawn + numbers reclaimed + numbers warned at ``env.clock.now()``."""
    now = env.clock.now()
    size = env.policy.reclaim_batch_size
    done = len(await transact(env.engine, lambda conn: withdraw_warnings(conn, now)))
    grace = env.policy.reclaim_grace_period
    aging = env.policy.aging_period
    done += await _in_batches(env, size, lambda conn: reclaim_batch(conn, now, size, aging))
    done += await _in_batches(env, size, lambda conn: warn_batch(conn, now, size, grace))
    return done


async def _in_batches(env: JobEnvironment, size: int, batch: Batch) -> int:
    total = 0
    while True:
        count = await transact(env.engine, batch)
        total += count
        if count < size:
            return total


def _claim(*conditions: ColumnElement[bool], size: int) -> Select[Any]:
    return (
        select(o.c.sid, o.c.account_sid, o.c.phone_number)
        .select_from(o.join(a, a.c.sid == o.c.account_sid))
        .where(is_candidate(), *conditions)
        .order_by(PRIORITY, o.c.purchased_at, o.c.sid)
        .limit(size)
        .with_for_update(of=o, skip_locked=True)
    )


async def warn_batch(conn: AsyncConnection, now: datetime, size: int, grace: timedelta) -> int:
    """Warn up to ``size`` candidates not yet warned (one UPDATE); how many were warned."""
    claimed = await conn.execute(
        _claim(o.c.reclaim_warned_at.is_(None), size=size), candidate_params(now)
    )
    order = {row.sid: index for index, row in enumerate(claimed.all())}
    if not order:
        return 0
    reclaim_after = now + grace
    changed = await conn.execute(
        o.update()
        .where(o.c.sid.in_(list(order)), o.c.reclaim_warned_at.is_(None))
        .values(reclaim_warned_at=now, reclaim_after=reclaim_after, updated_at=now)
        .returning(o.c.sid, o.c.account_sid, o.c.phone_number)
    )
    warned = sorted(changed.all(), key=lambda row: order[row.sid])  # events in claim order
    for number in warned:
        await record_event(
            conn,
            account_sid=number.account_sid,
            kind="RECLAIM_WARNING",
            node_type="ActiveNumber",
            node_sid=number.sid,
            now=now,
            data={
                "phoneNumber": number.phone_number,
                "reclaimAfter": as_utc(reclaim_after).isoformat(),
                "reason": INACTIVE_REASON,
            },
        )
    return len(warned)


async def reclaim_batch(
    conn: AsyncConnection, now: datetime, size: int, aging_period: timedelta
) -> int:
    """Reclaim up to ``size`` warned candidates whose grace is over; how many were."""
    due = (o.c.reclaim_warned_at.is_not(None), o.c.reclaim_after <= now)
    claimed = await conn.execute(_claim(*due, size=size), candidate_params(now))
    reclaimed = 0
    for number in claimed.all():
        try:
            outcome = await release(
                conn, o.c.account_sid == number.account_sid, number.sid, now, aging_period
            )
        except GatewayError:  # refused before writing anything (e.g. released meanwhile)
            continue
        await conn.execute(
            o.update()
            .where(o.c.sid == number.sid)
            .values(reclaimed_at=now, reclaim_warned_at=None, reclaim_after=None)
        )
        reclaimed += 1
        await record_event(
            conn,
            account_sid=number.account_sid,
            kind="RECLAIMED",
            node_type="ActiveNumber",
            node_sid=number.sid,
            now=now,
            data={"phoneNumber": number.phone_number, "refundSid": outcome.transaction_sid},
        )
    return reclaimed
