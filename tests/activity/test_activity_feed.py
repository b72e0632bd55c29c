"""recordNumberActivities: a feed with a few bad records keeps the good ones (one multi-row
INSERT in one transaction); each bad record comes back with its index, field and code."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from resolvers.core.tables import number_activity
from tests.activity.support import activity_of, call, feed, iso, message, ok
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_number, new_caller


async def _stored(gateway: Gateway) -> int:
    async with gateway.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(number_activity)) or 0)


async def test_good_records_are_kept_and_bad_ones_rejected_by_index(gateway: Gateway) -> None:
    caller, stranger = await new_caller(gateway.engine), await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    other = await add_number(gateway.engine, stranger.sid, "+14155550101")
    by_number = message(sid, "RECEIVED")
    del by_number["sid"]
    records = [
        call(sid, 30),
        call(sid, -5),  # rejected: duration
        {**by_number, "phoneNumber": "+14155550100"},
        call(other),  # rejected: not visible
        message(sid, occurredAt=iso(T0 + timedelta(hours=1))),  # rejected: future
        message(sid, "SENT"),
    ]
    with gateway.count_statements() as log:
        payload = ok(await feed(gateway, caller, records=records))
    assert payload["accepted"] == 3
    assert [(r["index"], r["field"], r["code"]) for r in payload["rejected"]] == [
        (1, ["input", "records", "1", "durationSeconds"], "INVALID_INPUT"),
        (3, ["input", "records", "3", "sid"], "NOT_FOUND"),
        (4, ["input", "records", "4", "occurredAt"], "INVALID_INPUT"),
    ]
    assert all(r["message"] for r in payload["rejected"])
    inserts = [s for s in log.statements if s.startswith("INSERT INTO number_activity ")]
    assert len(inserts) == 1
    # the feed's records reach the stored activity with one upsert of the day buckets
    upserts = [s for s in log.statements if s.startswith("INSERT INTO number_activity_days ")]
    assert len(upserts) == 1
    activity = await activity_of(gateway, caller, sid)
    assert activity is not None
    assert (activity["callsLast30Days"], activity["messagesLast30Days"]) == (1, 2)
    assert await _stored(gateway) == 3


async def test_a_feed_of_only_bad_records_stores_nothing(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    payload = ok(await feed(gateway, caller, records=[call(sid, -1), message(sid, "COMPLETED")]))
    assert payload["accepted"] == 0
    assert [r["index"] for r in payload["rejected"]] == [0, 1]
    assert await _stored(gateway) == 0


async def test_a_feed_holds_one_to_a_thousand_records(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    for records in ([], [call(sid)] * 1001):
        payload = await feed(gateway, caller, records=records)
        [error] = payload["userErrors"]
        assert (error["field"], error["code"]) == (["input", "records"], "INVALID_INPUT")
        assert "1 to 1000" in error["message"]
        assert (payload["accepted"], payload["rejected"]) == (None, None)
    payload = ok(await feed(gateway, caller, records=[call(sid, 20)] * 1000))
    assert (payload["accepted"], payload["rejected"]) == (1000, [])
    assert await _stored(gateway) == 1000


async def test_a_replayed_feed_changes_nothing(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    records = [call(sid), call(sid, -1)]
    first = ok(await feed(gateway, caller, records=records, idempotencyKey="feed-1"))
    again = ok(await feed(gateway, caller, records=records, idempotencyKey="feed-1"))
    assert again == first
    assert first["accepted"] == 1
    assert await _stored(gateway) == 1
    reused = await feed(gateway, caller, records=[call(sid)], idempotencyKey="feed-1")
    [error] = reused["userErrors"]
    assert (error["code"], error["field"]) == (
        "IDEMPOTENCY_KEY_REUSED",
        ["input", "idempotencyKey"],
    )
    assert await _stored(gateway) == 1
