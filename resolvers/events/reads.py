"""Reading the outbox: an account's events page by page (newest first), one event by id,
and the webhook deliveries of a page of events.

Events are dicts keyed by the GraphQL field names' Python spelling (``schema.types.events``);
``node`` is not read here: the schema resolves it through ``node(id:)``'s machinery.
A cursor is the event's id (ids grow with every insert, so pages are stable while new events
arrive).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import InvalidInput
from resolvers.core.tables import number_events as e
from resolvers.core.tables import webhook_deliveries as d
from resolvers.core.times import as_utc
from resolvers.reads.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from resolvers.reads.selection import SelectionTree, merge, path

CURSOR_NAME = "EVENT_ID"


@dataclass(frozen=True)
class EventFilter:
    kinds: Sequence[str] | None = None
    node_sid: str | None = None


def event_dict(row: Any) -> dict[str, Any]:
    return {
        "__typename": "NumberEvent",
        "id": row.sid,
        "sid": row.sid,
        "account_sid": row.account_sid,
        "kind": row.kind,
        "node_type": row.node_type,
        "node_sid": row.node_sid,
        "data": orjson.loads(row.data),
        "occurred_at": as_utc(row.occurred_at),
        "event_id": row.id,
    }


async def get_event(conn: AsyncConnection, event_id: int) -> dict[str, Any] | None:
    row = (await conn.execute(select(e).where(e.c.id == event_id))).first()
    return None if row is None else event_dict(row)


async def list_events(
    conn: AsyncConnection,
    account_sid: str,
    flt: EventFilter,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
) -> dict[str, Any]:
    size = _page_size(first)
    where = _conditions(account_sid, flt)
    statement = select(e).where(*where)
    if after is not None:
        statement = statement.where(e.c.id < decode_cursor(after))
    rows = (await conn.execute(statement.order_by(e.c.id.desc()).limit(size + 1))).all()
    events = [event_dict(row) for row in rows[:size]]
    node_selection = merge([path(selection, "edges", "node") or {}, selection.get("nodes", {})])
    if "deliveries" in node_selection:
        await attach_deliveries(conn, events)
    result: dict[str, Any] = {
        "nodes": events,
        "edges": [{"cursor": encode_cursor(ev["event_id"]), "node": ev} for ev in events],
        "page_info": {
            "has_next_page": len(rows) > size,
            "has_previous_page": after is not None,
            "start_cursor": encode_cursor(events[0]["event_id"]) if events else None,
            "end_cursor": encode_cursor(events[-1]["event_id"]) if events else None,
        },
    }
    if "totalCount" in selection:
        count = select(func.count()).select_from(e).where(*where)
        result["total_count"] = int(await conn.scalar(count) or 0)
    return result


def _conditions(account_sid: str, flt: EventFilter) -> list[ColumnElement[bool]]:
    where = [e.c.account_sid == account_sid]
    if flt.kinds is not None:
        where.append(e.c.kind.in_(list(flt.kinds)))
    if flt.node_sid is not None:
        where.append(e.c.node_sid == flt.node_sid)
    return where


async def attach_deliveries(conn: AsyncConnection, events: list[dict[str, Any]]) -> None:
    """Each event's webhook deliveries, oldest first, for the whole page in one statement."""
    by_id: dict[int, list[dict[str, Any]]] = {ev["event_id"]: [] for ev in events}
    if by_id:
        rows = await conn.execute(select(d).where(d.c.event_id.in_(list(by_id))).order_by(d.c.id))
        for row in rows:
            by_id[row.event_id].append(delivery_dict(row))
    for ev in events:
        ev["deliveries"] = by_id[ev["event_id"]]


def delivery_dict(row: Any) -> dict[str, Any]:
    def aware(value: Any) -> Any:
        return None if value is None else as_utc(value)

    return {
        "url": row.url,
        "status": row.status,
        "attempts": row.attempts,
        "last_status_code": row.last_status_code,
        "last_error": row.last_error,
        "next_attempt_at": aware(row.next_attempt_at),
        "last_attempt_at": aware(row.last_attempt_at),
        "delivered_at": aware(row.delivered_at),
        "created_at": as_utc(row.created_at),
    }


def _page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise InvalidInput(
            f"`first` must be between 0 and {MAX_PAGE_SIZE} (got {first})", field=["first"]
        )
    return first


def encode_cursor(event_id: int) -> str:
    raw = orjson.dumps([CURSOR_NAME, event_id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> int:
    try:
        name, event_id = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        name, event_id = None, None
    if name != CURSOR_NAME or not isinstance(event_id, int):
        raise InvalidInput("`after` is not a cursor this API issued", field=["after"])
    return event_id


async def get_event_node(
    conn: AsyncConnection, sid: str, owners: Any, selection: SelectionTree
) -> dict[str, Any] | None:
    """``node(id: "EV…")``: the event when its account is one of ``owners`` (a select of sids)."""
    row = (await conn.execute(select(e).where(e.c.sid == sid, e.c.account_sid.in_(owners)))).first()
    if row is None:
        return None
    event = event_dict(row)
    if "deliveries" in selection:
        await attach_deliveries(conn, [event])
    return event
