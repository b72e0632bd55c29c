"""recordNumberActivity and recordNumberActivities (a feed of call and message records)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.activity.recording import record_activities, record_activity
from resolvers.activity.records import ActivityRecord
from resolvers.core.idempotency import Outcome, fingerprint, run_idempotent
from resolvers.core.tables import owned_numbers
from resolvers.core.visibility import visible_owners
from schema.context import Info
from schema.convert import to_plain
from schema.enums import ErrorCode
from schema.inputs.activity import RecordNumberActivitiesInput, RecordNumberActivityInput
from schema.mutations.reads import mutation_selection
from schema.mutations.support import guarded, read_number
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError

OPERATION = "recordNumberActivities"


@strawberry.type
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


@strawberry.type
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
        ctx, selection = info.context, mutation_selection(info)
        owners = owned_numbers.c.account_sid.in_(visible_owners(ctx.viewer))
        record = to_plain(input, ActivityRecord)

        async def work(conn: AsyncConnection) -> str:
            return await record_activity(conn, owners, record, ctx.clock.now())

        async def run() -> dict[str, Any]:
            sid = await ctx.write(work)
            return {"active_number": await read_number(ctx, sid, selection.get("activeNumber"))}

        return cast(RecordNumberActivityPayload, await guarded(("active_number",), run))

    @strawberry.mutation(
        description="Record a feed of 1 to 1000 call and message records in one transaction: "
        "the valid ones are stored, the others come back in `rejected` with their index."
    )
    async def record_number_activities(
        self, info: Info, input: RecordNumberActivitiesInput
    ) -> RecordNumberActivitiesPayload:
        ctx = info.context
        owners = owned_numbers.c.account_sid.in_(visible_owners(ctx.viewer))
        records = [to_plain(record, ActivityRecord) for record in input.records]
        request_hash = fingerprint(OPERATION, [asdict(record) for record in records])

        async def work(conn: AsyncConnection) -> Outcome:
            now = ctx.clock.now()

            async def feed() -> Outcome:
                outcome = await record_activities(conn, owners, records, now)
                rejected = [rejection.as_dict() for rejection in outcome.rejected]
                return {"accepted": outcome.accepted, "rejected": rejected}

            return await run_idempotent(
                conn,
                account_sid=ctx.viewer.sid,
                key=input.idempotency_key,
                operation=OPERATION,
                request_hash=request_hash,
                now=now,
                work=feed,
            )

        async def run() -> dict[str, Any]:
            return dict(await ctx.write(work))

        payload = await guarded(("accepted", "rejected"), run)
        return cast(RecordNumberActivitiesPayload, payload)
