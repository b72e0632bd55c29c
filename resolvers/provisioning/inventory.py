"""Catalog states of owned and released numbers, and the restore windows.

A catalog number is ``available``, ``assigned`` (owned), or ``aging`` (released: restorable by
its last owner, then quarantined) until ``aging_until``; an aged number is for sale again by the
same rule everywhere, so no background job is needed for it to return to the catalog.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Update, bindparam, case
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import available_for_sale
from resolvers.core.request_rules import DEFAULT_AGING_PERIOD
from resolvers.core.tables import catalog_numbers as c

RESTORE_WINDOW = timedelta(days=10)
AGING_PERIOD = DEFAULT_AGING_PERIOD  # the demo seed's; requests and jobs read GATEWAY_AGING_DAYS
# A released hosted number stays "released" (restorable) for 3 days, then leaves the network:
# it belongs to its carrier, so it is never for sale here (REFERENCE.md).
HOSTED_RELEASE_WINDOW = timedelta(days=3)
DEPARTED = "departed"


def restore_window(origin: str) -> timedelta:
    return HOSTED_RELEASE_WINDOW if origin == "HOSTED" else RESTORE_WINDOW


async def claim(
    conn: AsyncConnection, phone_number: str, now: datetime, holder: str | None = None
) -> Row[Any] | None:
    """Mark a number assigned if it is still for sale (to ``holder``, whose reservation's hold
    it consumes in the same statement) and return its catalog row; None when it is not for
    sale. The database settles races."""
    bound = {"number": phone_number, "now": now, "holder": holder}
    return (await conn.execute(_claim_statement(holder is not None), bound)).first()


@lru_cache(maxsize=2)
def _claim_statement(for_holder: bool) -> Update:
    """``claim``'s UPDATE, kept (built and keyed once; the number, time and holder bound)."""
    holder: BindParameter[str] | None = bindparam("holder") if for_holder else None
    now: BindParameter[datetime] = bindparam("now")
    return (
        c.update()
        .where(c.c.phone_number == bindparam("number"), available_for_sale(now, holder))
        .values(state="assigned", aging_until=None, held_by=None, held_until=None)
        .returning(*c.c)
    )


def aging_values(origin: ColumnElement[str], ends: ColumnElement[datetime]) -> dict[str, Any]:
    """The catalog row of a number released by an owner of ``origin``: held for its last owner,
    then quarantined until ``ends`` (``aging_end``); a hosted one is never quarantined for sale
    (``aging_until`` NULL): the restore-window job marks it departed when its window ends. Both
    are SQL, so that a statement can be built once."""
    return {"state": "aging", "aging_until": case((origin == "HOSTED", None), else_=ends)}


async def start_aging(
    conn: AsyncConnection, phone_number: str, now: datetime, origin: str, aging_period: timedelta
) -> None:
    """``aging_values`` for an owner's ``origin`` already read."""
    ends = None if origin == "HOSTED" else aging_end(now, aging_period)
    await conn.execute(
        c.update().where(c.c.phone_number == phone_number).values(state="aging", aging_until=ends)
    )


def aging_end(now: datetime, aging_period: timedelta) -> datetime:
    """When a number released ``now`` is for sale again: after the restore window and the
    quarantine (GATEWAY_AGING_DAYS)."""
    return now + RESTORE_WINDOW + aging_period
