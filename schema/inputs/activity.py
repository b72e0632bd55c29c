"""Inputs (and their enums) of recordNumberActivity and recordNumberActivities."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.activity.mutations import RecordNumberActivities
from resolvers.activity.records import ActivityRecord
from schema.enums import ActivityDirection, ActivityKind, ActivityStatus
from schema.plain_targets import converts_to


@converts_to(ActivityRecord)
@strawberry.input(description="One call or message of a number in use, named by sid or number.")
class RecordNumberActivityInput:
    kind: ActivityKind
    direction: ActivityDirection
    status: ActivityStatus
    sid: str | None = strawberry.field(default=None, description="The number's PN sid.")
    phone_number: str | None = strawberry.field(
        default=None, description="Or the number in E.164 (the one in use)."
    )
    duration_seconds: int | None = strawberry.field(
        default=None, description="Calls only: 0 to 86400 seconds (default 0)."
    )
    occurred_at: datetime | None = strawberry.field(
        default=None,
        description="Default: now. At most 5 minutes ahead of the gateway's clock, at most "
        "400 days ago, and not before the number became the account's.",
    )


@converts_to(RecordNumberActivities)
@strawberry.input
class RecordNumberActivitiesInput:
    records: list[RecordNumberActivityInput] = strawberry.field(
        description="1 to 1000 records; each is accepted or rejected on its own."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="A replay within 24 hours returns the first outcome."
    )
