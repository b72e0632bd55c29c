"""recordNumberActivity: every rule of a record names its field; the counters and the verdict
follow the records as they arrive and lapse 30 days later; the ``inactive`` filter agrees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.activity.support import activity_of, call, feed, iso, message, ok, record
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_number, add_numbers, new_caller

DAY = timedelta(days=1)
OLD: dict[str, Any] = {"purchased_at": T0 - 60 * DAY}


async def test_counters_and_verdict_change_as_calls_arrive_and_lapse(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100", **OLD)
    steps: list[tuple[dict[str, Any], tuple[int, int, bool]]] = [
        (call(sid, 12, occurredAt=iso(T0 - 3 * DAY)), (1, 1, False)),
        (call(sid, 11, occurredAt=iso(T0 - 2 * DAY)), (2, 1, False)),  # too short
        (call(sid, 0, "BUSY", occurredAt=iso(T0 - 2 * DAY)), (3, 1, False)),
        (call(sid, 600, "FAILED", occurredAt=iso(T0 - 2 * DAY)), (4, 1, False)),
        (call(sid, 45, occurredAt=iso(T0 - DAY)), (5, 2, False)),
        (call(sid, 300, direction="OUTBOUND"), (6, 3, True)),  # occurredAt: now
    ]
    for input_, (calls, qualifying, active) in steps:
        activity = ok(await record(gateway, caller, **input_))["activeNumber"]["activity"]
        got = (activity["callsLast30Days"], activity["qualifyingCallsLast30Days"])
        assert (*got, activity["isActive"]) == (calls, qualifying, active), input_
    assert activity["lastActivityAt"] == iso(T0)
    gateway.clock.advance(timedelta(days=28))  # the first call (T0 - 3 days) is 31 days old
    lapsing = await activity_of(gateway, caller, sid)
    assert lapsing is not None
    assert (lapsing["callsLast30Days"], lapsing["qualifyingCallsLast30Days"]) == (5, 2)
    assert lapsing["isActive"] is False
    gateway.clock.advance(timedelta(days=3))  # 31 days after the last call
    lapsed = await activity_of(gateway, caller, sid)
    assert lapsed is not None
    assert (lapsed["callsLast30Days"], lapsed["isActive"]) == (0, False)
    assert lapsed["lastActivityAt"] == iso(T0)


async def test_three_messages_not_failed_make_a_number_active(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100", **OLD)
    for status in ("DELIVERED", "FAILED", "UNDELIVERED", "SENT"):
        ok(await record(gateway, caller, **message(sid, status)))
    before = await activity_of(gateway, caller, sid)
    assert before is not None
    assert (before["messagesLast30Days"], before["isActive"]) == (2, False)
    by_number = message(sid, "RECEIVED")
    del by_number["sid"]
    payload = ok(await record(gateway, caller, phoneNumber="+1 415-555-0100", **by_number))
    assert payload["activeNumber"]["sid"] == sid
    assert payload["activeNumber"]["activity"]["messagesLast30Days"] == 3
    assert payload["activeNumber"]["activity"]["isActive"] is True


INACTIVE = """
query($inactive: Boolean) { activeNumbers(filter: { inactive: $inactive }) { nodes { sid } } }
"""


async def test_inactive_filter_follows_recorded_activity(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    busy, idle = await add_numbers(gateway.engine, caller.sid, ["+14155550100", "+14155550101"])

    async def listed(inactive: bool) -> set[str]:
        data = await gateway.gql(INACTIVE, {"inactive": inactive}, auth=caller.auth)
        return {node["sid"] for node in data["activeNumbers"]["nodes"]}

    assert await listed(True) == {busy, idle}
    ok(await feed(gateway, caller, records=[message(busy) for _ in range(3)]))
    assert (await listed(True), await listed(False)) == ({idle}, {busy})
    gateway.clock.advance(timedelta(days=31))
    assert (await listed(True), await listed(False)) == ({busy, idle}, set())


def _cases(sid: str, other: str) -> list[tuple[dict[str, Any], list[str], str, str]]:
    """(input, field, code, a fragment of the message) for every refused record."""
    no_number = call(sid)
    del no_number["sid"]
    return [
        (no_number, ["input", "sid"], "INVALID_INPUT", "exactly one of sid and phoneNumber"),
        (call(sid, phoneNumber="+14155550100"), ["input", "sid"], "INVALID_INPUT", "exactly one"),
        (call("PN123"), ["input", "sid"], "INVALID_INPUT", "not a number sid"),
        (
            {**no_number, "phoneNumber": "+1415"},
            ["input", "phoneNumber"],
            "INVALID_INPUT",
            "phone number",
        ),
        (call(sid, -1), ["input", "durationSeconds"], "INVALID_INPUT", "0 to 86400"),
        (call(sid, 86_401), ["input", "durationSeconds"], "INVALID_INPUT", "0 to 86400"),
        (
            message(sid, durationSeconds=5),
            ["input", "durationSeconds"],
            "INVALID_INPUT",
            "only calls have a duration",
        ),
        (call(sid, status="DELIVERED"), ["input", "status"], "INVALID_INPUT", "not a call status"),
        (message(sid, "COMPLETED"), ["input", "status"], "INVALID_INPUT", "not a message status"),
        (
            message(sid, "RECEIVED", direction="OUTBOUND"),
            ["input", "status"],
            "INVALID_INPUT",
            "RECEIVED message is INBOUND",
        ),
        (
            call(sid, occurredAt=iso(T0 + timedelta(minutes=6))),
            ["input", "occurredAt"],
            "INVALID_INPUT",
            "in the future",
        ),
        (
            call(sid, occurredAt=iso(T0 - timedelta(days=401))),
            ["input", "occurredAt"],
            "INVALID_INPUT",
            "more than 400 days ago",
        ),
        (
            call(sid, occurredAt=iso(T0 - 61 * DAY)),
            ["input", "occurredAt"],
            "INVALID_INPUT",
            "before the number became yours",
        ),
        (call("PN" + "0" * 32), ["input", "sid"], "NOT_FOUND", "no number"),
        (call(other), ["input", "sid"], "NOT_FOUND", "no number"),
        (
            {**no_number, "phoneNumber": "+14155550199"},
            ["input", "phoneNumber"],
            "NOT_FOUND",
            "no number",
        ),
    ]


async def test_every_rule_refuses_with_the_field_and_records_nothing(gateway: Gateway) -> None:
    caller, stranger = await new_caller(gateway.engine), await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100", **OLD)
    other = await add_number(gateway.engine, stranger.sid, "+14155550101")
    for input_, field, code, fragment in _cases(sid, other):
        payload = await record(gateway, caller, **input_)
        [error] = payload["userErrors"]
        assert (error["field"], error["code"]) == (field, code), (input_, error)
        assert fragment in error["message"], (input_, error)
        assert error["twilioCode"] == (20404 if code == "NOT_FOUND" else None)
        assert payload["activeNumber"] is None
    activity = await activity_of(gateway, caller, sid)
    assert activity is not None
    assert activity["callsLast30Days"] == 0
    assert activity["messagesLast30Days"] == 0


async def test_a_released_number_takes_no_activity(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100", status="RELEASED")
    [error] = (await record(gateway, caller, **call(sid)))["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_FOUND", ["input", "sid"])


async def test_a_small_clock_skew_is_allowed(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    ahead = T0 + timedelta(minutes=4)
    payload = ok(await record(gateway, caller, **call(sid, occurredAt=iso(ahead))))
    assert payload["activeNumber"]["activity"]["lastActivityAt"] == iso(ahead)


async def test_a_parent_records_for_its_subaccount_and_not_the_other_way(
    gateway: Gateway,
) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    child_number = await add_number(gateway.engine, child.sid, "+14155550100")
    parent_number = await add_number(gateway.engine, parent.sid, "+14155550101")
    payload = ok(await record(gateway, parent, **call(child_number)))
    assert payload["activeNumber"]["activity"]["callsLast30Days"] == 1
    [error] = (await record(gateway, child, **call(parent_number)))["userErrors"]
    assert error["code"] == "NOT_FOUND"
