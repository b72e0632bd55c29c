"""The activity rule (REFERENCE.md): a number is active when, in the last 30 days, it had at
least 3 completed calls of 12 seconds or more, or at least 3 messages sent or received.

The counters are correlated scalar subqueries, so they ride in the page's one statement; the
window start is the bound parameter ``activity_since`` (now - 30 days, from the clock).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, or_, select

from resolvers.core.tables import number_activity as act
from resolvers.core.tables import owned_numbers as own

ACTIVITY_WINDOW = timedelta(days=30)
QUALIFYING_CALL_SECONDS = 12
MIN_QUALIFYING_EVENTS = 3
FAILED_MESSAGE_STATUSES = ("FAILED", "UNDELIVERED")

ACTIVITY_SINCE = bindparam("activity_since", type_=act.c.occurred_at.type)


def activity_params(now: datetime) -> dict[str, Any]:
    return {"activity_since": now - ACTIVITY_WINDOW}


def _count(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
    return (
        select(func.count())
        .where(act.c.number_sid == own.c.sid, act.c.occurred_at >= ACTIVITY_SINCE, *conditions)
        .scalar_subquery()
    )


calls_last_30_days = _count(act.c.kind == "CALL").label("calls_last_30_days")
qualifying_calls_last_30_days = _count(
    act.c.kind == "CALL",
    act.c.status == "COMPLETED",
    act.c.duration_seconds >= QUALIFYING_CALL_SECONDS,
).label("qualifying_calls_last_30_days")
messages_last_30_days = _count(
    act.c.kind == "MESSAGE", act.c.status.not_in(FAILED_MESSAGE_STATUSES)
).label("messages_last_30_days")
last_activity_at = (
    select(func.max(act.c.occurred_at)).where(act.c.number_sid == own.c.sid).scalar_subquery()
).label("last_activity_at")


def is_active(qualifying_calls: int, messages: int) -> bool:
    return qualifying_calls >= MIN_QUALIFYING_EVENTS or messages >= MIN_QUALIFYING_EVENTS


def is_active_condition() -> ColumnElement[bool]:
    """The same verdict as ``is_active``, as a SQL condition (for the ``inactive`` filter)."""
    return or_(
        qualifying_calls_last_30_days.element >= MIN_QUALIFYING_EVENTS,
        messages_last_30_days.element >= MIN_QUALIFYING_EVENTS,
    )
