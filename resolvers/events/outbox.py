"""The outbox: one ``number_events`` row per state change, written in the change's own
transaction, so an event exists exactly when its change was committed.

Kinds (API.md): PURCHASED, CONFIGURED, RELEASED, RESTORED, TRANSFERRED, RECLAIM_WARNING,
HOSTED_ORDER_STATUS_CHANGED, plus lifecycle kinds added by the jobs (RENEWED,
ACCOUNT_SUSPENDED, RECLAIMED, ACCOUNT_FLAGGED …). ``data`` is a small JSON object of what
changed; the node itself is named by ``node_type`` and ``node_sid``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.sids import new_sid
from resolvers.tables import number_events


async def record_event(
    conn: AsyncConnection,
    *,
    account_sid: str,
    kind: str,
    node_type: str,
    node_sid: str,
    now: datetime,
    data: Mapping[str, Any] | None = None,
) -> str:
    """Append one event to the outbox inside the caller's transaction; returns its EV sid."""
    sid = new_sid("EV")
    await conn.execute(
        number_events.insert().values(
            sid=sid,
            account_sid=account_sid,
            kind=kind,
            node_type=node_type,
            node_sid=node_sid,
            data=orjson.dumps(dict(data or {}), default=str).decode(),
            occurred_at=now,
        )
    )
    return sid
