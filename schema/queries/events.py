"""``numberEvents``: the outbox of the viewer, or of a subaccount it names, newest first."""

from __future__ import annotations

from typing import cast

import strawberry

from resolvers.core.visibility import visible_account_sid
from resolvers.events.reads import EventFilter, list_events
from schema.context import Info
from schema.selection import selection_of
from schema.types.events import NumberEventConnection


@strawberry.type
class EventsQuery:
    @strawberry.field(
        description="Events of your account (or of the subaccount named by accountSid), newest "
        "first, with their webhook deliveries; optionally only some kinds or one node. "
        "first defaults to 50 and may not exceed 1000."
    )
    async def number_events(
        self,
        info: Info,
        account_sid: str | None = None,
        kind: list[str] | None = None,
        node_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> NumberEventConnection:
        ctx = info.context
        flt = EventFilter(kinds=kind, node_sid=node_sid)
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await list_events(conn, owner, flt, first, after, selection_of(info._raw_info))
        return cast(NumberEventConnection, result)
