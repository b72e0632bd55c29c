"""One activity record (a call or a message of a number) and the rules it must obey.

A record names its number by exactly one of ``sid`` and ``phoneNumber``. Calls have a status
from CALL_STATUSES and a duration (0 to MAX_CALL_SECONDS); messages have a status from
MESSAGE_STATUSES, no duration, and a direction that fits the status (RECEIVED is inbound;
SENT, DELIVERED, UNDELIVERED and READ are outbound). ``occurredAt`` may be at most
FUTURE_SKEW ahead of the clock (feeds come from other machines) and at most MAX_AGE old.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from resolvers.core.errors import InvalidInput
from resolvers.core.phone import parse_e164
from resolvers.core.sids import is_sid
from resolvers.core.times import as_utc


class ActivityKind(StrEnum):
    CALL = "CALL"
    MESSAGE = "MESSAGE"


class ActivityDirection(StrEnum):
    INBOUND = "INBOUND"
    OUTBOUND = "OUTBOUND"


class ActivityStatus(StrEnum):
    """Every status of a call or a message; which applies to which is CALL_STATUSES and
    MESSAGE_STATUSES."""

    COMPLETED = "COMPLETED"
    BUSY = "BUSY"
    NO_ANSWER = "NO_ANSWER"
    CANCELED = "CANCELED"
    SENT = "SENT"
    DELIVERED = "DELIVERED"
    RECEIVED = "RECEIVED"
    READ = "READ"
    UNDELIVERED = "UNDELIVERED"
    FAILED = "FAILED"


KINDS = tuple(ActivityKind)
DIRECTIONS = tuple(ActivityDirection)
CALL_STATUSES = (
    ActivityStatus.COMPLETED,
    ActivityStatus.BUSY,
    ActivityStatus.NO_ANSWER,
    ActivityStatus.FAILED,
    ActivityStatus.CANCELED,
)
MESSAGE_STATUSES = (
    ActivityStatus.SENT,
    ActivityStatus.DELIVERED,
    ActivityStatus.RECEIVED,
    ActivityStatus.READ,
    ActivityStatus.UNDELIVERED,
    ActivityStatus.FAILED,
)
INBOUND_ONLY = (ActivityStatus.RECEIVED,)
OUTBOUND_ONLY = (
    ActivityStatus.SENT,
    ActivityStatus.DELIVERED,
    ActivityStatus.UNDELIVERED,
    ActivityStatus.READ,
)
MAX_CALL_SECONDS = 86_400
FUTURE_SKEW = timedelta(minutes=5)
MAX_AGE = timedelta(days=400)


@dataclass(frozen=True)
class ActivityRecord:
    """A record as the client sent it (enums as their names)."""

    kind: str
    direction: str
    status: str
    sid: str | None = None
    phone_number: str | None = None
    duration_seconds: int | None = None
    occurred_at: datetime | None = None  # default: now


@dataclass(frozen=True)
class NumberRef:
    """How a valid record names its number: ("sid", PN…) or ("phone_number", E.164)."""

    by: str
    value: str


@dataclass(frozen=True)
class ValidRecord:
    number: NumberRef
    kind: str
    direction: str
    status: str
    duration_seconds: int
    occurred_at: datetime  # naive UTC

    def row(self, number_sid: str) -> dict[str, Any]:
        return {
            "number_sid": number_sid,
            "kind": self.kind,
            "direction": self.direction,
            "status": self.status,
            "duration_seconds": self.duration_seconds,
            "occurred_at": self.occurred_at,
        }


def validate(record: ActivityRecord, now: datetime, field: list[str]) -> ValidRecord:
    """The record checked field by field; InvalidInput names the first field at fault."""
    return ValidRecord(
        number=_number(record, field),
        kind=_choice(record.kind, KINDS, [*field, "kind"]),
        direction=_choice(record.direction, DIRECTIONS, [*field, "direction"]),
        status=_status(record, [*field, "status"]),
        duration_seconds=_duration(record, [*field, "durationSeconds"]),
        occurred_at=_occurred_at(record.occurred_at, now, [*field, "occurredAt"]),
    )


def _number(record: ActivityRecord, field: list[str]) -> NumberRef:
    if (record.sid is None) == (record.phone_number is None):
        raise InvalidInput("pass exactly one of sid and phoneNumber", field=[*field, "sid"])
    if record.sid is not None:
        if not is_sid(record.sid, "PN"):
            raise InvalidInput(
                f"{record.sid!r} is not a number sid (PN and 32 hex digits)", field=[*field, "sid"]
            )
        return NumberRef("sid", record.sid)
    return NumberRef("phone_number", parse_e164(str(record.phone_number), [*field, "phoneNumber"]))


def _choice(value: str, allowed: tuple[str, ...], field: list[str]) -> str:
    if value not in allowed:
        raise InvalidInput(f"{value!r} is not one of {', '.join(allowed)}", field=field)
    return value


def _status(record: ActivityRecord, field: list[str]) -> str:
    allowed = CALL_STATUSES if record.kind == ActivityKind.CALL else MESSAGE_STATUSES
    if record.status not in allowed:
        raise InvalidInput(
            f"{record.status} is not a {record.kind.lower()} status; use one of "
            f"{', '.join(allowed)}",
            field=field,
        )
    if record.kind == ActivityKind.MESSAGE:
        if record.status in INBOUND_ONLY and record.direction != ActivityDirection.INBOUND:
            raise InvalidInput(f"a {record.status} message is INBOUND", field=field)
        if record.status in OUTBOUND_ONLY and record.direction != ActivityDirection.OUTBOUND:
            raise InvalidInput(f"a {record.status} message is OUTBOUND", field=field)
    return record.status


def _duration(record: ActivityRecord, field: list[str]) -> int:
    seconds = record.duration_seconds
    if seconds is None:
        return 0
    if record.kind == ActivityKind.MESSAGE and seconds != 0:
        raise InvalidInput("only calls have a duration; leave it out for messages", field=field)
    if not 0 <= seconds <= MAX_CALL_SECONDS:
        raise InvalidInput(f"must be 0 to {MAX_CALL_SECONDS} seconds, got {seconds}", field=field)
    return seconds


def _occurred_at(value: datetime | None, now: datetime, field: list[str]) -> datetime:
    if value is None:
        return now
    at = as_utc(value).replace(tzinfo=None)
    if at > now + FUTURE_SKEW:
        raise InvalidInput(
            f"{as_utc(at).isoformat()} is in the future (the clock says "
            f"{as_utc(now).isoformat()}; {int(FUTURE_SKEW.total_seconds() // 60)} minutes of "
            "skew are allowed)",
            field=field,
        )
    if at < now - MAX_AGE:
        raise InvalidInput(
            f"{as_utc(at).isoformat()} is more than {MAX_AGE.days} days ago", field=field
        )
    return at
