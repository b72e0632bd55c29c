"""``reservations``: the live holds of the viewer (or of one of its subaccounts)."""

from __future__ import annotations

from typing import cast

import strawberry

from resolvers.core.visibility import visible_account_sid
from resolvers.reservations.reads import list_reservations
from schema.context import Info
from schema.selection import selection_of
from schema.types.reservations import ReservationConnection


@strawberry.type
class ReservationsQuery:
    @strawberry.field(description="Numbers held for the account now, soonest to end first.")
    async def reservations(
        self,
        info: Info,
        account_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ReservationConnection:
        ctx = info.context
        async with ctx.read() as conn:
            holder = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await list_reservations(
                conn, holder, first, after, selection_of(info._raw_info), ctx.clock.now()
            )
        return cast(ReservationConnection, result)
