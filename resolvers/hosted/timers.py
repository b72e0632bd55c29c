"""``hosted_order_timers_pass``: the hosted orders' clocks (REFERENCE.md, Timers).

- A letter of authorization not signed within 7 days fails, and so do its orders.
- An order idle in PENDING_VERIFICATION, or in PENDING_LOA without a signed letter, for 7 days
  (its ``deadline_at``) fails.
- CARRIER_PROCESSING ends at its deadline (1 business day for a landline, 2 for toll-free,
  set at signing); the order then goes to TESTING and, in the same pass (the simulated test
  message passes at once), to COMPLETED — or to ACTION_REQUIRED while the balance cannot pay
  the first month, retried hourly.

Every step claims rows by state and deadline, with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL,
and changes them with conditional updates, so several runners never move an order twice and
running the pass again at the same clock time changes nothing. Returns how many orders and
documents changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import authorization_documents as d
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.transactions import transact
from resolvers.hosted import statuses
from resolvers.hosted.completion import complete
from resolvers.hosted.documents import FAILED as DOCUMENT_FAILED
from resolvers.hosted.documents import LIVE
from resolvers.jobs.environment import JobEnvironment

LOA_EXPIRED = "the letter of authorization was not signed within 7 days"
VERIFICATION_EXPIRED = "ownership was not verified within 7 days"

Step = Callable[[AsyncConnection, Row[Any], datetime], Awaitable[bool]]


async def hosted_order_timers_pass(env: JobEnvironment) -> int:
    now = env.clock.now()
    changed = await _drain(env, _due_documents(now), _fail_document, now)
    for status, step in (
        (statuses.PENDING_VERIFICATION, _expire(VERIFICATION_EXPIRED)),
        (statuses.PENDING_LOA, _expire(LOA_EXPIRED)),
        (statuses.CARRIER_PROCESSING, _finish_carrier_processing),
        (statuses.ACTION_REQUIRED, _retry_activation),
    ):
        changed += await _drain(env, _due_orders(status, now), step, now)
    return changed


def _due_orders(status: str, now: datetime) -> Select[Any]:
    return select(h).where(h.c.status == status, h.c.deadline_at <= now).order_by(h.c.deadline_at)


def _due_documents(now: datetime) -> Select[Any]:
    return select(d).where(d.c.status.in_(LIVE), d.c.expires_at <= now).order_by(d.c.expires_at)


async def _drain(env: JobEnvironment, due: Select[Any], step: Step, now: datetime) -> int:
    """Claim and step due rows a batch per transaction until none is left."""
    batch = env.policy.batch_size

    async def one_batch(conn: AsyncConnection) -> tuple[int, int]:
        rows = (await conn.execute(due.limit(batch).with_for_update(skip_locked=True))).all()
        changed = 0
        for row in rows:
            changed += int(await step(conn, row, now))
        return len(rows), changed

    total = 0
    while True:
        claimed, changed = await transact(env.engine, one_batch)
        total += changed
        if claimed < batch or changed == 0:
            return total


def _expire(reason: str) -> Step:
    async def expire(conn: AsyncConnection, order: Row[Any], now: datetime) -> bool:
        return await statuses.change_status(
            conn,
            order,
            order.status,
            statuses.FAILED,
            now,
            deadline_at=None,
            failure_reason=reason,
        )

    return expire


async def _fail_document(conn: AsyncConnection, document: Row[Any], now: datetime) -> bool:
    result = await conn.execute(
        d.update()
        .where(d.c.sid == document.sid, d.c.status.in_(LIVE))
        .values(status=DOCUMENT_FAILED, failure_reason=LOA_EXPIRED, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    orders = await conn.execute(
        select(h).where(h.c.document_sid == document.sid, h.c.status == statuses.PENDING_LOA)
    )
    expire = _expire(LOA_EXPIRED)
    for order in orders.all():
        await expire(conn, order, now)
    return True


async def _finish_carrier_processing(conn: AsyncConnection, order: Row[Any], now: datetime) -> bool:
    if not await statuses.change_status(
        conn, order, statuses.CARRIER_PROCESSING, statuses.TESTING, now
    ):
        return False
    testing = (await conn.execute(select(h).where(h.c.sid == order.sid))).one()
    await complete(conn, testing, now)
    return True


async def _retry_activation(conn: AsyncConnection, order: Row[Any], now: datetime) -> bool:
    return await complete(conn, order, now) == statuses.COMPLETED
