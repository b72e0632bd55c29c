"""configurePhoneNumber."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.provisioning.configure import ConfigureRequest, configure, number_owners
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.configure import ConfigurePhoneNumberInput
from schema.mutations.reads import mutation_selection
from schema.mutations.support import guarded, read_number
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError


@strawberry.type
class ConfigurePhoneNumberPayload:
    active_number: ActiveNumber | None
    user_errors: list[UserError]


@strawberry.type
class ConfigureMutations:
    @strawberry.mutation(
        description="Change a number's name, routing and bindings. A field left out keeps its "
        "value; an explicit null clears it."
    )
    async def configure_phone_number(
        self, info: Info, input: ConfigurePhoneNumberInput
    ) -> ConfigurePhoneNumberPayload:
        ctx, selection = info.context, mutation_selection(info)
        request = to_plain(input, ConfigureRequest)

        async def work(conn: AsyncConnection) -> str:
            owners = await number_owners(conn, ctx.viewer, input.account_sid)
            return await configure(conn, owners, input.sid, request, ctx.clock.now())

        async def run() -> dict[str, Any]:
            sid = await ctx.write(work)
            return {"active_number": await read_number(ctx, sid, selection.get("activeNumber"))}

        payload = await guarded(("active_number",), run)
        return cast(ConfigurePhoneNumberPayload, payload)
