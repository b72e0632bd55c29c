"""recordNumberActivity and recordNumberActivities as use-cases: records of numbers in use by
the viewer or its subaccounts. A feed takes an idempotency key: its outcome (how many were
accepted, which were rejected and why) replays as it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.recording import record_activities, record_activity
from resolvers.activity.records import ActivityRecord
from resolvers.core.tables import owned_numbers
from resolvers.core.usecases import Actor, Outcome, UseCase, node
from resolvers.core.visibility import visible_rows


@dataclass(frozen=True)
class RecordNumberActivities:
    records: list[ActivityRecord]
    idempotency_key: str | None = None


async def record_number_activity(
    actor: Actor, conn: AsyncConnection, request: ActivityRecord
) -> Outcome:
    owners = visible_rows(actor.viewer, owned_numbers)
    sid = await record_activity(conn, owners, request, actor.now)
    return Outcome(nodes={"activeNumber": node("ActiveNumber", sid)})


async def record_number_activities(
    actor: Actor, conn: AsyncConnection, request: RecordNumberActivities
) -> Outcome:
    owners = visible_rows(actor.viewer, owned_numbers)
    outcome = await record_activities(conn, owners, request.records, actor.now)
    rejected = [rejection.as_dict() for rejection in outcome.rejected]
    return Outcome(values={"accepted": outcome.accepted, "rejected": rejected})


RECORD_NUMBER_ACTIVITY = UseCase(
    "recordNumberActivity", record_number_activity, ("NOT_FOUND", "INVALID_INPUT")
)
# A rejected record of a feed carries one of these codes too (NOT_FOUND, INVALID_INPUT).
RECORD_NUMBER_ACTIVITIES = UseCase(
    "recordNumberActivities",
    record_number_activities,
    ("NOT_FOUND", "INVALID_INPUT"),
    idempotent=True,
    many_rows=True,  # a feed of up to thousands of records
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (
    RECORD_NUMBER_ACTIVITY,
    RECORD_NUMBER_ACTIVITIES,
)
