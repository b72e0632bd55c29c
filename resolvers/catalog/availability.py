"""What "for sale" means: the one predicate that search, countries and purchase share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from resolvers.core.tables import catalog_numbers as c

AVAILABLE = "available"
AGING = "aging"


def available_for_sale(
    now: datetime | ColumnElement[datetime], holder: str | ColumnElement[str] | None = None
) -> ColumnElement[bool]:
    """Available, or aging with its quarantine over (``aging_until <= now``), and not held by
    a reservation of another account than ``holder`` (a hold ends at ``held_until``: no job).

    The ``IN`` lets an index on ``state`` narrow the rows before the time check. ``now`` may
    be a bind parameter given at execution (a kept search statement: ``statements``).
    """
    return and_(
        c.c.state.in_((AVAILABLE, AGING)),
        or_(c.c.state == AVAILABLE, c.c.aging_until <= now),
        _not_held(now, holder),
    )


def _not_held(
    now: datetime | ColumnElement[datetime], holder: str | ColumnElement[str] | None
) -> ColumnElement[bool]:
    """Free, or held by ``holder`` (a bind parameter bound to NULL matches no holder)."""
    free = or_(c.c.held_until.is_(None), c.c.held_until <= now)
    return free if holder is None else or_(free, c.c.held_by == holder)
