"""The activity counters a page shows come from the number's roll-up while it holds for the
window (resolvers/activity/rollup.py), from the day buckets once the window's edge has passed
the roll-up's oldest bucket, and the ``activity_rollup`` pass rolls those numbers up again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from resolvers.activity.rollup import rollup_pass
from resolvers.core.tables import number_activity_days as days
from resolvers.core.tables import owned_numbers as o
from tests.activity.support import activity_of, call, environment, feed, iso, message, ok
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Caller, add_number, new_caller

COUNTERS = ("callsLast30Days", "qualifyingCallsLast30Days", "messagesLast30Days")


async def _counters(gateway: Gateway, caller: Caller, sid: str) -> tuple[int, ...]:
    activity = await activity_of(gateway, caller, sid)
    assert activity is not None
    return tuple(activity[name] for name in COUNTERS)


async def _rolled(gateway: Gateway, sid: str) -> tuple[object, ...]:
    columns = (o.c.rolled_calls, o.c.rolled_qualifying_calls, o.c.rolled_messages)
    async with gateway.engine.connect() as conn:
        row = (await conn.execute(select(*columns).where(o.c.sid == sid))).one()
    return tuple(row)


async def _forget_buckets(gateway: Gateway, sid: str) -> None:
    async with gateway.engine.begin() as conn:
        await conn.execute(delete(days).where(days.c.number_sid == sid))


async def test_a_page_reads_the_rollup_while_it_holds(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(
        gateway.engine, caller.sid, "+14155550100", purchased_at=T0 - timedelta(days=60)
    )
    old, recent = iso(T0 - timedelta(days=20)), iso(T0 - timedelta(days=2))
    records = [call(sid, occurredAt=old)] * 3 + [call(sid, 5, occurredAt=recent)]
    ok(await feed(gateway, caller, records=[*records, message(sid, occurredAt=recent)]))
    assert await _counters(gateway, caller, sid) == (4, 3, 1)
    assert await _rolled(gateway, sid) == (4, 3, 1)
    # the buckets gone, the page still shows the roll-up: it did not sum them
    await _forget_buckets(gateway, sid)
    assert await _counters(gateway, caller, sid) == (4, 3, 1)


async def test_past_its_oldest_bucket_the_page_sums_and_the_pass_rolls_up(
    gateway: Gateway,
) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(
        gateway.engine, caller.sid, "+14155550100", purchased_at=T0 - timedelta(days=60)
    )
    old, recent = iso(T0 - timedelta(days=20)), iso(T0 - timedelta(days=2))
    records = [call(sid, occurredAt=old)] * 3 + [call(sid, 5, occurredAt=recent)]
    ok(await feed(gateway, caller, records=records))
    env = environment(gateway)
    assert await rollup_pass(env) == 0  # the roll-up holds: nothing to do

    gateway.clock.advance(timedelta(days=11))  # the old calls' day leaves the window
    assert await _counters(gateway, caller, sid) == (1, 0, 0)
    assert await _rolled(gateway, sid) == (4, 3, 0)  # left behind, not trusted
    assert await rollup_pass(env) == 1
    assert await rollup_pass(env) == 0
    assert await _rolled(gateway, sid) == (1, 0, 0)
    await _forget_buckets(gateway, sid)  # read from the new roll-up
    assert await _counters(gateway, caller, sid) == (1, 0, 0)
