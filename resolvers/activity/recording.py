"""recordNumberActivity and recordNumberActivities: call and message records of numbers.

The number must be IN_USE and owned by the viewer or one of its subaccounts (``owners``), and
the record may not predate the ownership. A bulk feed validates every record on its own: the
bad ones come back with their index, field, message and code, and all the good ones are
inserted with one multi-row INSERT in the feed's one transaction, and added to the numbers'
stored activity (``tallies``) in the same transaction. A record that makes a warned number
active again withdraws the warning in the same transaction.

The numbers' rows are locked (``FOR UPDATE``, in sid order) when they are looked up, so that
concurrent recorders of one number take turns (see ``tallies``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.records import ActivityRecord, NumberRef, ValidRecord, validate
from resolvers.activity.tallies import add_to_tallies
from resolvers.activity.warnings import withdraw_warnings
from resolvers.core.errors import GatewayError, InvalidInput, NotFound
from resolvers.core.tables import number_activity as act
from resolvers.core.tables import owned_numbers as o
from resolvers.core.times import as_utc

MAX_RECORDS = 1000
INPUT = ["input"]


@dataclass(frozen=True)
class Rejected:
    index: int
    field: list[str] | None
    message: str
    code: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "field": self.field,
            "message": self.message,
            "code": self.code,
        }


@dataclass
class FeedOutcome:
    accepted: int = 0
    rejected: list[Rejected] = field(default_factory=list)


async def record_activity(
    conn: AsyncConnection, owners: ColumnElement[bool], record: ActivityRecord, now: datetime
) -> str:
    """Insert one record; the sid of its number."""
    valid = validate(record, now, INPUT)
    numbers = await _numbers(conn, owners, [valid.number])
    number = _owner_of(valid, numbers, INPUT)
    await _store(conn, [valid.row(number.sid)], [number], now)
    return str(number.sid)


async def record_activities(
    conn: AsyncConnection,
    owners: ColumnElement[bool],
    records: Sequence[ActivityRecord],
    now: datetime,
) -> FeedOutcome:
    """Insert every valid record of a feed at once; the others are rejected by index."""
    if not 1 <= len(records) <= MAX_RECORDS:
        raise InvalidInput(
            f"send 1 to {MAX_RECORDS} records, not {len(records)}", field=[*INPUT, "records"]
        )
    outcome = FeedOutcome()
    checked: list[tuple[int, ValidRecord]] = []
    for index, record in enumerate(records):
        try:
            checked.append((index, validate(record, now, _path(index))))
        except GatewayError as error:
            outcome.rejected.append(_rejection(index, error))
    numbers = await _numbers(conn, owners, [valid.number for _, valid in checked])
    rows = []
    for index, valid in checked:
        try:
            rows.append(valid.row(_owner_of(valid, numbers, _path(index)).sid))
        except GatewayError as error:
            outcome.rejected.append(_rejection(index, error))
    if rows:
        recorded = {row["number_sid"] for row in rows}
        await _store(conn, rows, [n for n in numbers.values() if n.sid in recorded], now)
    outcome.accepted = len(rows)
    outcome.rejected.sort(key=lambda rejected: rejected.index)
    return outcome


async def _store(
    conn: AsyncConnection, rows: list[dict[str, Any]], numbers: list[Row[Any]], now: datetime
) -> None:
    """Insert ``rows`` (one multi-row INSERT), add them to the stored activity, and withdraw
    the pending warnings of their ``numbers`` that are active now."""
    await conn.execute(act.insert().values(rows))
    await add_to_tallies(conn, rows, now)
    warned = sorted({number.sid for number in numbers if number.reclaim_after is not None})
    if warned:
        await withdraw_warnings(conn, now, warned)


def _path(index: int) -> list[str]:
    return [*INPUT, "records", str(index)]


def _rejection(index: int, error: GatewayError) -> Rejected:
    return Rejected(index, error.field, error.message, error.code)


async def _numbers(
    conn: AsyncConnection, owners: ColumnElement[bool], refs: Sequence[NumberRef]
) -> dict[NumberRef, Row[Any]]:
    """The IN_USE numbers visible through ``owners`` that ``refs`` name, in one statement,
    their rows locked in sid order."""
    sids = {ref.value for ref in refs if ref.by == "sid"}
    phones = {ref.value for ref in refs if ref.by == "phone_number"}
    if not sids and not phones:
        return {}
    rows = await conn.execute(
        select(o.c.sid, o.c.phone_number, o.c.created_at, o.c.reclaim_after)
        .where(
            owners,
            o.c.status == "IN_USE",
            or_(o.c.sid.in_(sorted(sids)), o.c.phone_number.in_(sorted(phones))),
        )
        .order_by(o.c.sid)
        .with_for_update(of=o)
    )
    found: dict[NumberRef, Any] = {}
    for row in rows.all():
        found[NumberRef("sid", row.sid)] = row
        found[NumberRef("phone_number", row.phone_number)] = row
    return found


def _owner_of(valid: ValidRecord, numbers: dict[NumberRef, Row[Any]], path: list[str]) -> Row[Any]:
    ref = valid.number
    name = "sid" if ref.by == "sid" else "phoneNumber"
    number = numbers.get(ref)
    if number is None:
        raise NotFound(f"no number {ref.value!r} in use is visible to you", field=[*path, name])
    if valid.occurred_at < number.created_at:
        raise InvalidInput(
            f"{as_utc(valid.occurred_at).isoformat()} is before the number became yours "
            f"({as_utc(number.created_at).isoformat()})",
            field=[*path, "occurredAt"],
        )
    return number
