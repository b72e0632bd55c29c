"""What "for sale" means: the one predicate that search, countries and purchase share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from resolvers.core.tables import catalog_numbers as c

AVAILABLE = "available"
AGING = "aging"


def available_for_sale(now: datetime) -> ColumnElement[bool]:
    """Available, or aging with its quarantine over (``aging_until <= now``).

    The ``IN`` lets an index on ``state`` narrow the rows before the time check.
    """
    return and_(
        c.c.state.in_((AVAILABLE, AGING)),
        or_(c.c.state == AVAILABLE, c.c.aging_until <= now),
    )
