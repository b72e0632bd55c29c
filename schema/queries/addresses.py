"""``addresses``: the addresses of the viewer, or of a subaccount it names."""

from __future__ import annotations

from typing import cast

import strawberry

from resolvers.accounts.addresses import list_addresses
from resolvers.core.visibility import visible_account_sid
from schema.context import Info
from schema.selection import selection_of
from schema.types.addresses import AddressConnection


@strawberry.type
class AddressQuery:
    @strawberry.field(
        description="Your addresses (or those of the subaccount named by accountSid), oldest "
        "first. first defaults to 50 and may not exceed 1000."
    )
    async def addresses(
        self,
        info: Info,
        account_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AddressConnection:
        ctx = info.context
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await list_addresses(conn, owner, first, after, selection_of(info._raw_info))
        return cast(AddressConnection, result)
