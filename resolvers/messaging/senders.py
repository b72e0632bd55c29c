"""selectSender: the pool member a message to ``to`` goes out from.

Least recently used first, so that sends spread evenly and every pooled number stays active
(REFERENCE.md, "Activity and reclaim"). Each selection inserts a number_activity row (MESSAGE,
OUTBOUND, SENT: it counts towards the activity rule, and goes into the number's stored
activity, ``resolvers.activity.tallies``) and stores that row's id as the number's
``selection_rank``: ids only grow, so the smallest rank is the least recent selection even when
the clock stands still (ties, e.g. newcomers at rank 0, go by sid).

Concurrency: on PostgreSQL the candidate row is taken with ``FOR UPDATE SKIP LOCKED``, so
concurrent selections each take a different least-recent member instead of queueing on (and
then all re-picking) the same one; only when every member is being selected at that instant
does a selection wait for one. SQLite writers are serialized by ``BEGIN IMMEDIATE``.

Sticky sender: when the service asks for it, a recipient gets the number it got last time
(``sticky_senders``), as long as that number can still send from the pool (IN_USE and
SMS-capable, as every chosen number must be: issue 13, item 3); otherwise the least
recent member, which becomes the recipient's number from then on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.tallies import add_to_tallies
from resolvers.core.errors import GatewayError
from resolvers.core.phone import parse_e164
from resolvers.core.tables import number_activity as act
from resolvers.core.tables import owned_numbers as o
from resolvers.core.tables import sticky_senders as sticky
from resolvers.messaging.pools import SERVICE_FIELD, sms_capable, visible_service

TO_FIELD = ["input", "to"]
FRESH_ATTEMPTS = 5  # snapshots tried before a selection takes the least recent unguarded


def _sendable(service_sid: str) -> list[ColumnElement[bool]]:
    """Pool members that can send now: still IN_USE and still SMS-capable (a number whose
    catalog row lost SMS stays in the pool, but is never chosen)."""
    return [o.c.messaging_service_sid == service_sid, o.c.status == "IN_USE", sms_capable()]


def _members(service_sid: str) -> Select[tuple[str]]:
    return select(o.c.sid).where(*_sendable(service_sid))


async def _least_recent(conn: AsyncConnection, service_sid: str) -> str | None:
    candidates = _members(service_sid).order_by(o.c.selection_rank, o.c.sid).limit(1)
    # PostgreSQL re-checks a row that a concurrent selection updated (and committed) after this
    # statement's snapshot against the WHERE clause only, not the ORDER BY: without this guard
    # that row, now the most recent, could be taken again. Its new rank exceeds the pool's
    # highest rank as of the snapshot (computed once), so the re-check skips it.
    highest = select(func.max(o.c.selection_rank)).where(*_sendable(service_sid)).scalar_subquery()
    fresh = candidates.where(o.c.selection_rank <= highest)
    for _ in range(FRESH_ATTEMPTS):
        sid: str | None = await conn.scalar(fresh.with_for_update(skip_locked=True))
        if sid is None:  # empty pool, or every member is being selected right now: wait for one
            sid = await conn.scalar(fresh.with_for_update())
        if sid is not None or await conn.scalar(candidates) is None:
            return sid
        # Every member was selected again while this statement waited (a busy pool on a
        # loaded server): look again with a newer snapshot rather than take the least recent
        # without the guard, which could be the row another selection has just taken.
    last: str | None = await conn.scalar(candidates.with_for_update())
    return last


async def _sticky_number(conn: AsyncConnection, service_sid: str, to: str) -> str | None:
    """The recipient's number from last time, if it is still in use in the pool."""
    statement = (
        _members(service_sid)
        .join(sticky, sticky.c.number_sid == o.c.sid)
        .where(sticky.c.messaging_service_sid == service_sid, sticky.c.to_number == to)
        .with_for_update(of=o)
    )
    sid: str | None = await conn.scalar(statement)
    return sid


async def _remember(
    conn: AsyncConnection, service_sid: str, to: str, number_sid: str, now: datetime
) -> None:
    insert: Any = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        sticky
    )
    statement = insert.values(
        messaging_service_sid=service_sid, to_number=to, number_sid=number_sid, updated_at=now
    )
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[sticky.c.messaging_service_sid, sticky.c.to_number],
            set_={"number_sid": number_sid, "updated_at": now},
        )
    )


async def select_sender(
    conn: AsyncConnection,
    owners: ColumnElement[bool],
    service_sid: str,
    to: str,
    now: datetime,
) -> str:
    """The sid of the chosen number; the choice is recorded (rank, activity, sticky mapping)."""
    recipient = parse_e164(to, TO_FIELD)
    service = await visible_service(conn, owners, service_sid)
    chosen = None
    if service.sticky_sender:
        chosen = await _sticky_number(conn, service.sid, recipient)
    if chosen is None:
        chosen = await _least_recent(conn, service.sid)
        if chosen is None:
            raise GatewayError(
                f"messaging service {service.sid!r} has no SMS-capable number in use in its pool",
                field=SERVICE_FIELD,
                code="MESSAGING_SERVICE_EMPTY",
            )
        if service.sticky_sender:
            await _remember(conn, service.sid, recipient, chosen, now)
    sent = {
        "number_sid": chosen,
        "kind": "MESSAGE",
        "direction": "OUTBOUND",
        "status": "SENT",
        "duration_seconds": 0,
        "occurred_at": now,
    }
    activity_id = await conn.scalar(act.insert().values(sent).returning(act.c.id))
    # the chosen row is locked (FOR UPDATE above): the stored activity takes the send too
    await add_to_tallies(
        conn, [sent], now, extra={"selection_rank": activity_id, "last_selected_at": now}
    )
    return chosen
