"""Stored activity: what the activity rule reads, kept up to date by every recorder.

A record adds to its number's day bucket (``number_activity_days``: calls, qualifying calls and
messages per UTC day) and refreshes two columns of the number: ``last_activity_at`` and
``activity_anchor_day``, the latest day D whose buckets from D on hold at least 3 qualifying
calls or at least 3 messages, and the number's roll-up of the window's counters (``rollup``).
``rule`` reads the counters from the roll-up (or as sums over the window's buckets when the
roll-up does not hold for the window) and the verdict as ``activity_anchor_day >= the
window's first day``.

Concurrency: a recorder locks its numbers' rows first (``FOR UPDATE`` on PostgreSQL; SQLite
has one writer), then adds to the buckets with an atomic upsert (``calls = calls + n``), then
recomputes the anchor in a later statement, which on PostgreSQL (READ COMMITTED) sees every
bucket written by the recorders that held the lock before it. So no count is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, bindparam, case, delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.rollup import roll_up, rollup_values
from resolvers.activity.rule import (
    FAILED_MESSAGE_STATUSES,
    MIN_QUALIFYING_EVENTS,
    QUALIFYING_CALL_SECONDS,
    window_start,
)
from resolvers.core.clock import SystemClock
from resolvers.core.tables import number_activity as act
from resolvers.core.tables import number_activity_days as days
from resolvers.core.tables import owned_numbers as o

EPOCH_DAY = date(1970, 1, 1)  # the anchor of a number that was never active


@dataclass
class Tally:
    calls: int = 0
    qualifying_calls: int = 0
    messages: int = 0

    def add(self, record: Mapping[str, Any]) -> None:
        if record["kind"] == "CALL":
            self.calls += 1
            if (
                record["status"] == "COMPLETED"
                and record["duration_seconds"] >= QUALIFYING_CALL_SECONDS
            ):
                self.qualifying_calls += 1
        elif record["status"] not in FAILED_MESSAGE_STATUSES:
            self.messages += 1


def day_tallies(records: Iterable[Mapping[str, Any]]) -> dict[tuple[str, date], Tally]:
    """The records' counts per (number sid, UTC day of ``occurred_at``)."""
    tallies: dict[tuple[str, date], Tally] = {}
    for record in records:
        key = (str(record["number_sid"]), record["occurred_at"].date())
        tallies.setdefault(key, Tally()).add(record)
    return tallies


def anchor_day(newest_first: Iterable[tuple[date, int, int]]) -> date:
    """The latest day from which on the buckets (day, qualifying calls, messages), newest
    first, hold 3 qualifying calls or 3 messages; EPOCH_DAY when they never do."""
    calls = messages = 0
    for day, qualifying_calls, sent_or_received in newest_first:
        calls += qualifying_calls
        messages += sent_or_received
        if calls >= MIN_QUALIFYING_EVENTS or messages >= MIN_QUALIFYING_EVENTS:
            return day
    return EPOCH_DAY


def _anchor_in_window() -> Any:
    """``anchor_day`` in SQL over the buckets of number ``b_sid`` from day ``b_edge`` on."""
    newest_first = days.c.day.desc()
    running = (
        select(
            days.c.day,
            func.sum(days.c.qualifying_calls).over(order_by=newest_first).label("calls"),
            func.sum(days.c.messages).over(order_by=newest_first).label("messages"),
        )
        .where(
            days.c.number_sid == bindparam("b_sid"),
            days.c.day >= bindparam("b_edge", type_=Date()),
        )
        .subquery("running")
    )
    latest = select(func.max(running.c.day)).where(
        or_(running.c.calls >= MIN_QUALIFYING_EVENTS, running.c.messages >= MIN_QUALIFYING_EVENTS)
    )
    return func.coalesce(latest.scalar_subquery(), EPOCH_DAY)


@cache
def _refresh(extra: tuple[str, ...]) -> Any:
    """The UPDATE of one number ``b_sid`` (executed many), also setting the columns ``extra``
    to the parameters ``b_<column>``. Built once per ``extra``."""
    latest = bindparam("b_latest", type_=DateTime())
    later = or_(o.c.last_activity_at.is_(None), o.c.last_activity_at < latest)
    values = {name: bindparam(f"b_{name}", type_=o.c[name].type) for name in extra}
    return (
        o.update()
        .where(o.c.sid == bindparam("b_sid"))
        .values(
            last_activity_at=case((later, latest), else_=o.c.last_activity_at),
            activity_anchor_day=_anchor_in_window(),
            **rollup_values(bindparam("b_edge", type_=Date())),
            **values,
        )
    )


@cache
def _upsert(dialect: str) -> Any:
    """Add to a day bucket, creating it if need be (executed many). Built once per dialect."""
    insert: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(days)
    added = insert.excluded
    return insert.on_conflict_do_update(
        index_elements=[days.c.number_sid, days.c.day],
        set_={
            "calls": days.c.calls + added.calls,
            "qualifying_calls": days.c.qualifying_calls + added.qualifying_calls,
            "messages": days.c.messages + added.messages,
        },
    )


async def add_to_tallies(
    conn: AsyncConnection,
    records: Sequence[Mapping[str, Any]],
    now: datetime,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Add ``records`` (rows of ``number_activity``, already inserted) to their numbers' stored
    activity: one upsert of the day buckets, one UPDATE of the numbers (with ``extra`` values
    set on them too). The caller holds the numbers' row locks."""
    await conn.execute(_upsert(conn.dialect.name), _bucket_rows(day_tallies(records)))
    latest: dict[str, datetime] = {}
    for record in records:
        sid = str(record["number_sid"])
        latest[sid] = max(latest.get(sid, record["occurred_at"]), record["occurred_at"])
    edge = window_start(now)
    more = {f"b_{name}": value for name, value in (extra or {}).items()}
    params = [
        {"b_sid": sid, "b_latest": at, "b_edge": edge, **more} for sid, at in sorted(latest.items())
    ]
    await conn.execute(_refresh(tuple(sorted(extra or {}))), params)


async def rebuild_tallies(
    conn: AsyncConnection, number_sids: Sequence[str], now: datetime | None = None
) -> None:
    """Recompute the stored activity of ``number_sids`` from their raw records (for loaders
    that insert ``number_activity`` rows themselves: the demo seeder, test factories), rolled
    up for the window at ``now`` (default: the system clock's; any window gives the same
    answers, the right one only saves the reads their sums)."""
    sids = sorted(set(number_sids))
    if not sids:
        return
    await conn.execute(delete(days).where(days.c.number_sid.in_(sids)))
    columns = (act.c.number_sid, act.c.kind, act.c.status, act.c.duration_seconds)
    records = await conn.execute(
        select(*columns, act.c.occurred_at).where(act.c.number_sid.in_(sids))
    )
    tallies = day_tallies(dict(row._mapping) for row in records)
    if tallies:
        await conn.execute(days.insert(), _bucket_rows(tallies))
    latest = dict(
        (
            await conn.execute(
                select(act.c.number_sid, func.max(act.c.occurred_at))
                .where(act.c.number_sid.in_(sids))
                .group_by(act.c.number_sid)
            )
        ).all()
    )
    newest_first: dict[str, list[tuple[date, int, int]]] = {}
    for (sid, day), tally in sorted(tallies.items(), reverse=True):
        newest_first.setdefault(sid, []).append((day, tally.qualifying_calls, tally.messages))
    await conn.execute(
        o.update()
        .where(o.c.sid == bindparam("b_sid"))
        .values(last_activity_at=bindparam("b_latest"), activity_anchor_day=bindparam("b_anchor")),
        [
            {
                "b_sid": sid,
                "b_latest": latest.get(sid),
                "b_anchor": anchor_day(newest_first.get(sid, [])),
            }
            for sid in sids
        ],
    )
    await roll_up(conn, sids, now or SystemClock().now())


def _bucket_rows(tallies: Mapping[tuple[str, date], Tally]) -> list[dict[str, Any]]:
    return [
        {"number_sid": sid, "day": day, **vars(tally)}
        for (sid, day), tally in sorted(tallies.items())
    ]
