"""ReleasedNumber: a number its last owner released and may still restore."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.types.common import PageInfo


@strawberry.type
class ReleasedNumber:
    sid: str
    phone_number: str
    friendly_name: str
    released_at: datetime
    restorable_until: datetime = strawberry.field(
        description="restorePhoneNumber works until then (10 days after release)."
    )
    restorable: bool = strawberry.field(
        description="Whether restorePhoneNumber still works: false once restorableUntil passed."
    )


@strawberry.type
class ReleasedNumberEdge:
    cursor: str
    node: ReleasedNumber


@strawberry.type
class ReleasedNumberConnection:
    edges: list[ReleasedNumberEdge]
    nodes: list[ReleasedNumber]
    page_info: PageInfo
