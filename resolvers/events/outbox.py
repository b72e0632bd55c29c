"""The outbox: one ``number_events`` row per state change, written in the change's own
transaction, so an event exists exactly when its change was committed.

Kinds (API.md): PURCHASED, CONFIGURED, RELEASED, RESTORED, TRANSFERRED, RECLAIM_WARNING,
HOSTED_ORDER_STATUS_CHANGED, plus lifecycle kinds added by the jobs (RENEWED,
ACCOUNT_SUSPENDED, RECLAIMED, ACCOUNT_FLAGGED …). ``data`` is a small JSON object of what
changed; the node itself is named by ``node_type`` and ``node_sid``.

Two things ride along in the same transaction:
- a ``webhook_deliveries`` row when the node has a status callback URL (``callbacks``), so a
  committed event always has its delivery queued and a rolled-back one never has;
- on PostgreSQL, ``pg_notify(number_events, <id>)`` (in the insert's RETURNING, so no extra
  statement), which PostgreSQL delivers to every
  listening gateway process at commit (and never for a rolled-back transaction);
- with Redis configured, the id joins the connection's ``PENDING_IDS`` list, which the gateway
  publishes once the transaction has committed (``gateway.events.redis_relay``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Insert, String, cast, func
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.sids import new_sid
from resolvers.core.tables import number_events, webhook_deliveries
from resolvers.events.callbacks import DEFAULT_METHOD, StatusCallback, status_callback

NOTIFY_CHANNEL = "number_events"
# Where a process that relays events itself (Redis) collects this transaction's event ids:
# a list it puts in the connection's ``info`` at BEGIN; absent otherwise.
PENDING_IDS = "numbers_gateway_pending_event_ids"


class WebhookDeliveryStatus(StrEnum):
    """Where one status callback POST is: queued here PENDING, then settled by the job pass
    (``resolvers.events.webhooks``) as DELIVERED or FAILED."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


@lru_cache(maxsize=4)
def _event_insert(dialect: str) -> Insert:
    """The event's INSERT, kept: built and keyed once, not per event (its values are bound)."""
    inserted = number_events.insert()
    if dialect == "postgresql":  # the notification rides on the insert itself
        notify = func.pg_notify(NOTIFY_CHANNEL, cast(number_events.c.id, String))
        return inserted.returning(number_events.c.id, notify)
    return inserted.returning(number_events.c.id)


_DELIVERY_INSERT = webhook_deliveries.insert()


async def record_event(
    conn: AsyncConnection,
    *,
    account_sid: str,
    kind: str,
    node_type: str,
    node_sid: str,
    now: datetime,
    data: Mapping[str, Any] | None = None,
    callback_url: str | None = None,
    callback_method: str | None = None,
    callback_known: bool = False,
) -> str:
    """Append one event to the outbox inside the caller's transaction; returns its EV sid.

    ``callback_url`` (and ``callback_method``, POST by default) name the status callback to
    notify; when omitted they are looked up from the node (``callbacks.status_callback``: a
    number's ``statusCallback``, a hosted order's ``statusCallbackUrl``, with their
    ``statusCallbackMethod``). No URL, no delivery. ``callback_known`` says the caller already
    knows the node's callback (``callback_url`` None: it has none), which saves the look-up.
    """
    sid = new_sid("EV")
    row = {
        "sid": sid,
        "account_sid": account_sid,
        "kind": kind,
        "node_type": node_type,
        "node_sid": node_sid,
        "data": orjson.dumps(dict(data or {}), default=str).decode(),
        "occurred_at": now,
    }
    inserted = _event_insert(conn.dialect.name)
    event_id = int((await conn.execute(inserted, row)).scalar_one())
    if callback_url:
        callback: StatusCallback | None = StatusCallback(
            callback_url, callback_method or DEFAULT_METHOD
        )
    elif callback_known:
        callback = None
    else:
        callback = await status_callback(conn, node_type, node_sid)
    if callback is not None:
        delivery = {
            "event_id": event_id,
            "account_sid": account_sid,
            "url": callback.url,
            "method": callback.method,
            "status": WebhookDeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        await conn.execute(_DELIVERY_INSERT, delivery)
    pending = conn.info.get(PENDING_IDS)
    if pending is not None:
        pending.append(event_id)
    return sid
