"""Reclaim candidates and pending warnings, as SQL conditions over ``owned_numbers``.

A number is a reclaim candidate when it is IN_USE, bought here (hosted and ported numbers are
the customer's own: the gateway cannot take them back), older than the activity window (a
number bought yesterday has had no chance to be active), inactive by the activity rule, and
has no active emergency registration (releasing it would be refused). A pending warning is
withdrawn (event RECLAIM_CANCELED) as soon as its number stops being a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, not_, or_
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.rule import ACTIVITY_WINDOW, activity_params, is_active_condition
from resolvers.core.tables import owned_numbers as o
from resolvers.events.outbox import record_event

OLD_ENOUGH = bindparam("old_enough", type_=o.c.purchased_at.type)


def is_candidate() -> ColumnElement[bool]:
    """Needs ``candidate_params(now)`` bound (the activity window and ``old_enough``)."""
    return and_(
        o.c.status == "IN_USE",
        o.c.origin == "PURCHASED",  # hosted and ported numbers are the customer's own
        o.c.purchased_at <= OLD_ENOUGH,
        o.c.emergency_status != "ACTIVE",
        not_(is_active_condition()),
    )


def candidate_params(now: datetime) -> dict[str, object]:
    return {**activity_params(now), "old_enough": now - ACTIVITY_WINDOW}


async def withdraw_warnings(
    conn: AsyncConnection, now: datetime, number_sids: Sequence[str] | None = None
) -> list[str]:
    """Withdraw the pending warnings of numbers that are no longer candidates (of
    ``number_sids`` only, when given); one RECLAIM_CANCELED event each. Returns their sids.

    One conditional UPDATE … RETURNING: of two concurrent passes only one withdraws a warning.
    """
    conditions: list[ColumnElement[bool]] = [
        o.c.reclaim_after.is_not(None),  # set with reclaim_warned_at; indexed
        o.c.status == "IN_USE",
        or_(o.c.purchased_at > OLD_ENOUGH, o.c.emergency_status == "ACTIVE", is_active_condition()),
    ]
    if number_sids is not None:
        conditions.append(o.c.sid.in_(number_sids))
    withdrawn = await conn.execute(
        o.update()
        .where(*conditions)
        .values(reclaim_warned_at=None, reclaim_after=None, updated_at=now)
        .returning(o.c.sid, o.c.account_sid),
        candidate_params(now),
    )
    rows = withdrawn.all()
    for row in rows:
        await record_event(
            conn,
            account_sid=row.account_sid,
            kind="RECLAIM_CANCELED",
            node_type="ActiveNumber",
            node_sid=row.sid,
            now=now,
            data={"reason": "the number is no longer inactive"},
        )
    return [row.sid for row in rows]
