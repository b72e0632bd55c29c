"""recordNumberActivity and recordNumberActivities (a feed of call and message records)."""

from __future__ import annotations

import strawberry

from resolvers.activity.mutations import (
    RECORD_NUMBER_ACTIVITIES,
    RECORD_NUMBER_ACTIVITY,
    RecordNumberActivities,
)
from resolvers.activity.records import ActivityRecord
from schema.context import Info
from schema.convert import to_plain
from schema.enums import ErrorCode
from schema.inputs.activity import RecordNumberActivitiesInput, RecordNumberActivityInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError


@strawberry.type(description=error_codes(RECORD_NUMBER_ACTIVITY))
class RecordNumberActivityPayload:
    active_number: ActiveNumber | None = strawberry.field(
        description="The number, with its activity counters and verdict after this record."
    )
    user_errors: list[UserError]


@strawberry.type(description="A record of a feed that was not accepted, and why.")
class RejectedActivityRecord:
    index: int = strawberry.field(description="Its position in `records`, from 0.")
    field: list[str] | None = strawberry.field(description="The input path at fault.")
    message: str
    code: ErrorCode


@strawberry.type(description=error_codes(RECORD_NUMBER_ACTIVITIES))
class RecordNumberActivitiesPayload:
    accepted: int | None = strawberry.field(
        description="Records stored; null when the whole feed was refused (see userErrors)."
    )
    rejected: list[RejectedActivityRecord] | None
    user_errors: list[UserError]


@strawberry.type
class ActivityMutations:
    @strawberry.mutation(
        description="Record one call or message of a number in use; counts towards the "
        "activity rule and withdraws a pending reclaim warning once the number is active."
    )
    async def record_number_activity(
        self, info: Info, input: RecordNumberActivityInput
    ) -> RecordNumberActivityPayload:
        request = to_plain(input, ActivityRecord)
        return await run_mutation(
            info, RECORD_NUMBER_ACTIVITY, request, RecordNumberActivityPayload
        )

    @strawberry.mutation(
        description="Record a feed of 1 to 1000 call and message records in one transaction: "
        "the valid ones are stored, the others come back in `rejected` with their index."
    )
    async def record_number_activities(
        self, info: Info, input: RecordNumberActivitiesInput
    ) -> RecordNumberActivitiesPayload:
        request = to_plain(input, RecordNumberActivities)
        return await run_mutation(
            info, RECORD_NUMBER_ACTIVITIES, request, RecordNumberActivitiesPayload
        )
