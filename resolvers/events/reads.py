"""Reading the outbox: an account's events page by page (newest first), one event by id,
and the webhook deliveries of a page of events.

Events are read through one projection (``NUMBER_EVENT``), keyed by the GraphQL field names'
Python spelling (``schema.types.events``); ``node`` is not read here: the schema resolves it
through ``node(id:)``'s machinery from the ``node_sid`` the projection provides. Pages are the
shared keyset pages (``resolvers.reads.keyset_pages``) in id order: ids grow with every
insert, so pages are stable while new events arrive.

``deliveries`` lives in another table: the projection reads the event's id under that key, and
``attach_deliveries`` replaces it with the deliveries, for a whole page in one statement.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import number_events as e
from resolvers.core.tables import webhook_deliveries as d
from resolvers.core.times import as_utc
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.projection import (
    ColumnList,
    Leaf,
    ObjectShape,
    RowReader,
    compile_reader,
    leaves,
    time_leaves,
)
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

NUMBER_EVENT = ObjectShape(
    "number_event",
    {
        **leaves(
            id=e.c.sid,
            sid=e.c.sid,
            accountSid=e.c.account_sid,
            kind=e.c.kind,
            nodeType=e.c.node_type,
            nodeSid=e.c.node_sid,
        ),
        **time_leaves(occurredAt=e.c.occurred_at),
        "data": Leaf("data", e.c.data, orjson.loads),
        "node": Leaf("node_sid", e.c.node_sid),  # the schema's node resolver reads node_sid
        "deliveries": Leaf("deliveries", e.c.id),  # the event id, until attach_deliveries
    },
    typename="NumberEvent",
)
NEWEST_FIRST = Listing(
    e, NUMBER_EVENT, SortKey("EVENT_ID", e.c.id, e.c.sid, is_integer=True), descending=True
)


@dataclass(frozen=True)
class EventFilter:
    kinds: Sequence[str] | None = None
    node_sid: str | None = None


def event_dict(row: Any) -> dict[str, Any]:
    """Every field of an event, from a whole ``number_events`` row (the subscriptions' feed)."""
    event: dict[str, Any] = _whole_row_reader()(row)
    return event


@functools.cache
def _whole_row_reader() -> RowReader:
    columns = ColumnList()
    for column in e.c:  # positions in table order: the row of ``select(number_events)``
        columns.position(column)
    return compile_reader(NUMBER_EVENT, {name: {} for name in NUMBER_EVENT.fields}, columns)


async def list_events(
    conn: AsyncConnection,
    account_sid: str,
    flt: EventFilter,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
) -> dict[str, Any]:
    where = _conditions(account_sid, flt)
    result = await read_page(conn, NEWEST_FIRST, where, first, after, selection)
    events = result.get("nodes") or [edge["node"] for edge in result.get("edges", [])]
    await attach_deliveries(conn, events)
    return result


def _conditions(account_sid: str, flt: EventFilter) -> list[ColumnElement[bool]]:
    where = [e.c.account_sid == account_sid]
    if flt.kinds is not None:
        where.append(e.c.kind.in_(list(flt.kinds)))
    if flt.node_sid is not None:
        where.append(e.c.node_sid == flt.node_sid)
    return where


async def attach_deliveries(conn: AsyncConnection, events: list[dict[str, Any]]) -> None:
    """Each event's webhook deliveries, oldest first, in place of its id under
    ``deliveries`` (events read without that field are left alone); one statement."""
    waiting = [ev for ev in events if "deliveries" in ev]
    by_id: dict[int, list[dict[str, Any]]] = {ev["deliveries"]: [] for ev in waiting}
    if by_id:
        rows = await conn.execute(select(d).where(d.c.event_id.in_(list(by_id))).order_by(d.c.id))
        for row in rows:
            by_id[row.event_id].append(delivery_dict(row))
    for ev in waiting:
        ev["deliveries"] = by_id[ev["deliveries"]]


def delivery_dict(row: Any) -> dict[str, Any]:
    def aware(value: Any) -> Any:
        return None if value is None else as_utc(value)

    return {
        "url": row.url,
        "method": row.method,
        "status": row.status,
        "attempts": row.attempts,
        "last_status_code": row.last_status_code,
        "last_error": row.last_error,
        "next_attempt_at": aware(row.next_attempt_at),
        "last_attempt_at": aware(row.last_attempt_at),
        "delivered_at": aware(row.delivered_at),
        "created_at": as_utc(row.created_at),
    }


async def get_event_node(
    conn: AsyncConnection, sid: str, owners: Any, selection: SelectionTree
) -> dict[str, Any] | None:
    """``node(id: "EV…")``: the event when its account is one of ``owners`` (a select of sids)."""
    owned = e.c.account_sid.in_(owners)
    event = await read_one(conn, NUMBER_EVENT, selection, e.c.sid, e.c.sid == sid, owned)
    if event is not None:
        await attach_deliveries(conn, [event])
    return event
