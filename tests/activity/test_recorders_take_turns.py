"""Two recorders of one number at the same moment, interleaved on purpose (both databases).

The first records a call and holds its transaction open; the second records another call of
the same number meanwhile, on another day (another bucket, so no bucket row makes it wait).
The second must wait for the first and then see its call: the number's verdict counts all
three qualifying calls. Without the row lock taken when the number is looked up, PostgreSQL
would let the second compute the verdict from a snapshot without the first call.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.recording import record_activity
from resolvers.activity.records import ActivityRecord
from resolvers.core.tables import owned_numbers
from resolvers.core.transactions import transact
from tests.activity.support import activity_of
from tests.support.client import Gateway
from tests.support.factories import T0, add_activity
from tests.support.numbers import add_number, new_caller

HOLD_SECONDS = 0.5


def _call(sid: str, days_ago: int) -> ActivityRecord:
    return ActivityRecord(
        kind="CALL",
        direction="INBOUND",
        status="COMPLETED",
        sid=sid,
        duration_seconds=60,
        occurred_at=T0 - timedelta(days=days_ago),
    )


async def test_a_second_recorder_waits_and_counts_the_first_ones_call(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    await add_activity(gateway.engine, sid, [("CALL", "COMPLETED", 60, T0 - timedelta(days=5))])
    owners = owned_numbers.c.account_sid == caller.sid

    async def second(conn: AsyncConnection) -> str:
        return await record_activity(conn, owners, _call(sid, 1), T0)

    async with gateway.engine.connect() as first:
        first = await first.execution_options(write=True)
        async with first.begin():
            await record_activity(first, owners, _call(sid, 3), T0)
            waiting = asyncio.create_task(transact(gateway.engine, second))
            await asyncio.sleep(HOLD_SECONDS)
            assert not waiting.done()  # it waits for the first recorder's transaction
        assert await waiting == sid

    activity = await activity_of(gateway, caller, sid)
    assert activity is not None
    assert (activity["qualifyingCallsLast30Days"], activity["isActive"]) == (3, True)
