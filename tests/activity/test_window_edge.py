"""The activity window's edge is a UTC day (README, "Activity, reclaim and fraud"): a record
counts from midnight UTC of the day 30 days ago, so for 30 to 31 days. The counters, the
verdict and the ``inactive`` filter all move together when the edge passes a record's day."""

from __future__ import annotations

from datetime import timedelta

from tests.activity.support import activity_of, call, feed, iso, ok
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_number, new_caller

INACTIVE = "query { activeNumbers(filter: { inactive: true }) { nodes { sid } } }"


async def _inactive(gateway: Gateway, auth: str) -> list[str]:
    data = await gateway.gql(INACTIVE, auth=auth)
    return [node["sid"] for node in data["activeNumbers"]["nodes"]]


async def test_a_record_counts_until_its_day_leaves_the_window(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(
        gateway.engine, caller.sid, "+14155550100", purchased_at=T0 - timedelta(days=60)
    )
    # T0 is 12:00 UTC: 30 days and 6 hours ago is 06:00 on the window's first day
    on_the_edge_day = iso(T0 - timedelta(days=30, hours=6))
    ok(await feed(gateway, caller, records=[call(sid, occurredAt=on_the_edge_day)] * 3))

    activity = await activity_of(gateway, caller, sid)
    assert activity is not None
    assert (activity["qualifyingCallsLast30Days"], activity["isActive"]) == (3, True)
    assert await _inactive(gateway, caller.auth) == []

    gateway.clock.advance(timedelta(hours=12))  # midnight UTC: that day leaves the window
    activity = await activity_of(gateway, caller, sid)
    assert activity is not None
    assert (activity["callsLast30Days"], activity["qualifyingCallsLast30Days"]) == (0, 0)
    assert activity["isActive"] is False
    assert activity["lastActivityAt"] == on_the_edge_day
    assert await _inactive(gateway, caller.auth) == [sid]
