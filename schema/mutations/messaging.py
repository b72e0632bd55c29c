"""createMessagingService, addNumberToMessagingService, removeNumberFromMessagingService and
selectSender."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import messaging_services
from resolvers.core.visibility import visible_account_sid, visible_owners
from resolvers.messaging import pools
from resolvers.messaging.senders import select_sender
from resolvers.reads.selection import SelectionTree
from schema.context import Info, RequestContext
from schema.inputs.messaging import (
    CreateMessagingServiceInput,
    MessagingServiceNumberInput,
    SelectSenderInput,
)
from schema.mutations.reads import mutation_selection
from schema.mutations.support import guarded, read_number
from schema.types.account import MessagingService
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError


@strawberry.type
class MessagingServicePayload:
    messaging_service: MessagingService | None
    user_errors: list[UserError]


@strawberry.type
class SelectSenderPayload:
    active_number: ActiveNumber | None = strawberry.field(description="The pool member chosen.")
    user_errors: list[UserError]


async def read_service(
    ctx: RequestContext, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    owners = messaging_services.c.account_sid.in_(visible_owners(ctx.viewer))
    async with ctx.read() as conn:
        return await pools.get_service(conn, sid, owners, selection)


async def _service_payload(
    info: Info, work: Callable[[AsyncConnection], Awaitable[str]]
) -> MessagingServicePayload:
    ctx, selection = info.context, mutation_selection(info)

    async def run() -> dict[str, Any]:
        sid = await ctx.write(work)
        service = await read_service(ctx, sid, selection.get("messagingService"))
        return {"messaging_service": service}

    return cast(MessagingServicePayload, await guarded(("messaging_service",), run))


@strawberry.type
class MessagingMutations:
    @strawberry.mutation(description="Create a messaging service with an empty sender pool.")
    async def create_messaging_service(
        self, info: Info, input: CreateMessagingServiceInput
    ) -> MessagingServicePayload:
        ctx = info.context
        service = pools.NewMessagingService(
            friendly_name=input.friendly_name,
            sticky_sender=bool(input.sticky_sender),
            max_pool_size=(
                pools.DEFAULT_POOL_SIZE if input.max_pool_size is None else input.max_pool_size
            ),
        )

        async def work(conn: AsyncConnection) -> str:
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            return await pools.create_service(conn, owner, service, ctx.clock.now())

        return await _service_payload(info, work)

    @strawberry.mutation(
        description="Put a number in a service's pool: one service per number [21712], "
        "at most maxPoolSize numbers per pool [21714]."
    )
    async def add_number_to_messaging_service(
        self, info: Info, input: MessagingServiceNumberInput
    ) -> MessagingServicePayload:
        ctx = info.context
        owners = messaging_services.c.account_sid.in_(visible_owners(ctx.viewer))

        async def work(conn: AsyncConnection) -> str:
            return await pools.add_number(
                conn, owners, input.messaging_service_sid, input.number_sid, ctx.clock.now()
            )

        return await _service_payload(info, work)

    @strawberry.mutation(description="Take a number out of a service's pool.")
    async def remove_number_from_messaging_service(
        self, info: Info, input: MessagingServiceNumberInput
    ) -> MessagingServicePayload:
        ctx = info.context
        owners = messaging_services.c.account_sid.in_(visible_owners(ctx.viewer))

        async def work(conn: AsyncConnection) -> str:
            return await pools.remove_number(
                conn, owners, input.messaging_service_sid, input.number_sid, ctx.clock.now()
            )

        return await _service_payload(info, work)

    @strawberry.mutation(
        description="Pick the number a message to `to` goes out from: the pool's least "
        "recently used member (or the recipient's sticky sender), recorded as an outbound "
        "message so that pooled numbers stay active."
    )
    async def select_sender(self, info: Info, input: SelectSenderInput) -> SelectSenderPayload:
        ctx, selection = info.context, mutation_selection(info)
        owners = messaging_services.c.account_sid.in_(visible_owners(ctx.viewer))

        async def work(conn: AsyncConnection) -> str:
            return await select_sender(
                conn, owners, input.messaging_service_sid, input.to, ctx.clock.now()
            )

        async def run() -> dict[str, Any]:
            sid = await ctx.write(work)
            return {"active_number": await read_number(ctx, sid, selection.get("activeNumber"))}

        return cast(SelectSenderPayload, await guarded(("active_number",), run))
