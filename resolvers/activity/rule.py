"""The activity rule (REFERENCE.md): a number is active when, in the last 30 days, it had at
least 3 completed calls of 12 seconds or more, or at least 3 messages sent or received.

The rule reads stored activity (``tallies``): the counters are sums over the number's day
buckets from the window's first day on, read from the roll-up on the number's row while it
holds for this window (``rolled_from_day <= first day <= rolled_until_day``: no bucket has
started or stopped counting since it was summed), else summed from the buckets (at most 31
rows through the bucket table's primary key); ``lastActivityAt`` and the verdict are columns
of the number. The window starts at
midnight UTC of the day that was 30 days ago (``window_start``, the bound parameter
``activity_edge``): so a record counts for 30 to 31 days, never less than 30.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, bindparam, case, func, select

from resolvers.core.tables import number_activity_days as days
from resolvers.core.tables import owned_numbers as own

ACTIVITY_WINDOW = timedelta(days=30)
QUALIFYING_CALL_SECONDS = 12
MIN_QUALIFYING_EVENTS = 3
FAILED_MESSAGE_STATUSES = ("FAILED", "UNDELIVERED")

ACTIVITY_EDGE = bindparam("activity_edge", type_=Date())


def window_start(now: datetime) -> date:
    """The first (UTC) day of the activity window at ``now``."""
    return (now - ACTIVITY_WINDOW).date()


def activity_params(now: datetime) -> dict[str, Any]:
    return {"activity_edge": window_start(now)}


def _sum(column: ColumnElement[int]) -> ColumnElement[int]:
    return (
        select(func.coalesce(func.sum(column), 0))
        .where(days.c.number_sid == own.c.sid, days.c.day >= ACTIVITY_EDGE)
        .scalar_subquery()
    )


def rolled_up() -> ColumnElement[bool]:
    """Whether the number's roll-up holds the counters of the window at ``activity_edge``."""
    return and_(own.c.rolled_from_day <= ACTIVITY_EDGE, own.c.rolled_until_day >= ACTIVITY_EDGE)


def _counter(rolled: ColumnElement[int], bucket: ColumnElement[int]) -> ColumnElement[int]:
    """The roll-up when it holds, else the buckets' sum (which then alone is evaluated)."""
    return case((rolled_up(), rolled), else_=_sum(bucket))


calls_last_30_days = _counter(own.c.rolled_calls, days.c.calls).label("calls_last_30_days")
qualifying_calls_last_30_days = _counter(
    own.c.rolled_qualifying_calls, days.c.qualifying_calls
).label("qualifying_calls_last_30_days")
messages_last_30_days = _counter(own.c.rolled_messages, days.c.messages).label(
    "messages_last_30_days"
)
last_activity_at = own.c.last_activity_at


def is_active_condition() -> ColumnElement[bool]:
    """The verdict as a SQL condition over the number's row (``activity_edge`` bound)."""
    return own.c.activity_anchor_day >= ACTIVITY_EDGE


is_active = is_active_condition().label("is_active")
