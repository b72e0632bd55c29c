"""Recent calls and messages on the owned numbers (``number_activity``).

REFERENCE.md calls a number active when in the last 30 days it had at least 3 completed calls
of 12 seconds or more, or at least 3 messages. Each number gets a persona so that both
verdicts occur, and none sits near the edges of the rule: "busy" numbers clear it with calls
of 15 s or more inside the last 29 days; "quiet" ones have at most 2 such calls and 2 messages
plus short or failed calls; "lapsed" ones were busy 31 to 45 days ago; "silent" ones have
nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from gateway.seed.draws import pick
from gateway.seed.rows import Row

RECENT = timedelta(days=29)
LAPSED_FROM, LAPSED_TO = timedelta(days=45), timedelta(days=31)
PERSONAS = ((0.45, "busy"), (0.70, "quiet"), (0.85, "lapsed"), (1.0, "silent"))
FAILED_CALL_STATUSES = ("FAILED", "BUSY", "NO_ANSWER")


def activity_rows(rng: random.Random, number: Row, sms_capable: bool, now: datetime) -> list[Row]:
    """Activity for one owned number, never before its purchase nor after its release."""
    persona = pick(PERSONAS, rng.random())
    end = number["released_at"] or now - timedelta(minutes=1)
    if number["released_at"] is not None and persona in ("busy", "quiet"):
        persona = "lapsed"
    if persona == "lapsed":
        start, end = max(number["purchased_at"], now - LAPSED_FROM), min(end, now - LAPSED_TO)
    else:
        start = max(number["purchased_at"], now - RECENT)
    if persona == "silent" or start >= end:
        return []
    events = _busy(rng, sms_capable) if persona in ("busy", "lapsed") else _quiet(rng, sms_capable)
    return [_row(rng, number["sid"], event, start, end) for event in events]


# an event before it is placed in time: (kind, direction, status, duration_seconds)
Event = tuple[str, str, str, int]


def _busy(rng: random.Random, sms_capable: bool) -> list[Event]:
    by_messages = sms_capable and rng.random() < 0.3
    long_calls = rng.randint(0, 4) if by_messages else rng.randint(3, 14)
    events = [_completed_call(rng, rng.randint(15, 900)) for _ in range(long_calls)]
    events += [_failed_call(rng) for _ in range(rng.randint(0, 3))]
    if sms_capable:
        count = rng.randint(3, 25) if by_messages else rng.randint(0, 6)
        events += [_message(rng, can_fail=not by_messages) for _ in range(count)]
    return events


def _quiet(rng: random.Random, sms_capable: bool) -> list[Event]:
    events = [_completed_call(rng, rng.randint(15, 300)) for _ in range(rng.randint(0, 2))]
    events += [_completed_call(rng, rng.randint(1, 9)) for _ in range(rng.randint(0, 4))]
    events += [_failed_call(rng) for _ in range(rng.randint(0, 4))]
    if sms_capable:
        events += [_message(rng) for _ in range(rng.randint(0, 2))]
    return events


def _completed_call(rng: random.Random, seconds: int) -> Event:
    return ("CALL", rng.choice(("INBOUND", "OUTBOUND")), "COMPLETED", seconds)


def _failed_call(rng: random.Random) -> Event:
    return ("CALL", rng.choice(("INBOUND", "OUTBOUND")), rng.choice(FAILED_CALL_STATUSES), 0)


def _message(rng: random.Random, *, can_fail: bool = True) -> Event:
    if rng.random() < 0.5:
        return ("MESSAGE", "INBOUND", "RECEIVED", 0)
    failed = can_fail and rng.random() < 0.1
    return ("MESSAGE", "OUTBOUND", "FAILED" if failed else "DELIVERED", 0)


def _row(rng: random.Random, number_sid: str, event: Event, start: datetime, end: datetime) -> Row:
    kind, direction, status, seconds = event
    occurred_at = start + (end - start) * rng.random()
    return {
        "number_sid": number_sid,
        "kind": kind,
        "direction": direction,
        "status": status,
        "duration_seconds": seconds,
        "occurred_at": occurred_at.replace(microsecond=0),
    }
