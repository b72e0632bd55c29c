"""The reclaim warning as ``ActiveNumber.activity`` shows it.

A warning is shown while it is pending: the number is IN_USE and the warning was sent during
the current ownership (a restore starts a new one: ``purchased_at`` moves past the warning,
and the next reclaim pass withdraws it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement

from resolvers.core.tables import owned_numbers as o
from resolvers.core.times import as_utc
from resolvers.reads.projection import Derived


def _pending(
    status: str, purchased_at: datetime, warned_at: datetime | None, value: datetime | None
) -> datetime | None:
    if status != "IN_USE" or warned_at is None or value is None or warned_at < purchased_at:
        return None
    return as_utc(value)


def _field(key: str, column: ColumnElement[Any]) -> Derived:
    return Derived(key, (o.c.status, o.c.purchased_at, o.c.reclaim_warned_at, column), _pending)


RECLAIM_WARNING_AT = _field("reclaim_warning_at", o.c.reclaim_warned_at)
RECLAIM_AFTER = _field("reclaim_after", o.c.reclaim_after)
