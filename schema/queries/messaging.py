"""``messagingServices``: the messaging services of the viewer, or of a subaccount it names."""

from __future__ import annotations

from typing import cast

import strawberry

from resolvers.core.visibility import visible_account_sid
from resolvers.messaging.pools import list_services
from schema.context import Info
from schema.selection import selection_of
from schema.types.messaging import MessagingServiceConnection


@strawberry.type
class MessagingQuery:
    @strawberry.field(
        description="Your messaging services (or those of the subaccount named by accountSid), "
        "oldest first. first defaults to 50 and may not exceed 1000."
    )
    async def messaging_services(
        self,
        info: Info,
        account_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> MessagingServiceConnection:
        ctx = info.context
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await list_services(conn, owner, first, after, selection_of(info._raw_info))
        return cast(MessagingServiceConnection, result)
