"""``releasedNumbers``: the viewer's released numbers that can still be restored, and with
``includeExpired`` those whose restore window has ended (``restorable: false``)."""

from __future__ import annotations

from typing import cast

import strawberry

from resolvers.provisioning.released import list_released_numbers
from schema.context import Info
from schema.selection import selection_of
from schema.types.released import ReleasedNumberConnection


@strawberry.type
class ReleasedQuery:
    @strawberry.field(
        description=(
            "Your released numbers still restorable, soonest expiry first; with includeExpired "
            "also those whose restore window has ended (restorable: false), which come first."
        )
    )
    async def released_numbers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        include_expired: bool = False,
    ) -> ReleasedNumberConnection:
        ctx = info.context
        async with ctx.read() as conn:
            result = await list_released_numbers(
                conn,
                ctx.viewer.sid,
                first,
                after,
                selection_of(info._raw_info),
                ctx.clock.now(),
                include_expired,
            )
        return cast(ReleasedNumberConnection, result)
