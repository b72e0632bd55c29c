"""createAddress."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.addresses import NewAddress, create_address
from resolvers.core.visibility import visible_account_sid
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.accounts import CreateAddressInput
from schema.mutations.reads import mutation_selection, read_address
from schema.mutations.support import guarded
from schema.types.account import Address
from schema.types.errors import UserError


@strawberry.type
class CreateAddressPayload:
    address: Address | None
    user_errors: list[UserError]


@strawberry.type
class AddressMutations:
    @strawberry.mutation(description="Record a postal address; numbers may require one.")
    async def create_address(self, info: Info, input: CreateAddressInput) -> CreateAddressPayload:
        ctx, selection = info.context, mutation_selection(info)
        address = to_plain(input, NewAddress)

        async def work(conn: AsyncConnection) -> str:
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            return await create_address(conn, owner, address, ctx.clock.now())

        async def run() -> dict[str, Any]:
            sid = await ctx.write(work)
            return {"address": await read_address(ctx, sid, selection.get("address"))}

        payload = await guarded(("address",), run)
        return cast(CreateAddressPayload, payload)
