"""createSubaccount and updateSubaccount."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.subaccounts import (
    NewSubaccount,
    SubaccountUpdate,
    create_subaccount,
    update_subaccount,
)
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.accounts import CreateSubaccountInput, UpdateSubaccountInput
from schema.mutations.reads import mutation_selection, read_account
from schema.mutations.support import guarded
from schema.types.account import Account
from schema.types.errors import UserError


@strawberry.type
class CreateSubaccountPayload:
    account: Account | None
    auth_token: str | None = strawberry.field(
        description="Shown this once: only its hash is stored. Authenticate as the subaccount "
        "with HTTP Basic `AccountSid:AuthToken`."
    )
    user_errors: list[UserError]


@strawberry.type
class UpdateSubaccountPayload:
    account: Account | None
    user_errors: list[UserError]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Create a subaccount of the viewer (parents only).")
    async def create_subaccount(
        self, info: Info, input: CreateSubaccountInput
    ) -> CreateSubaccountPayload:
        ctx, selection = info.context, mutation_selection(info)
        name = input.friendly_name

        async def work(conn: AsyncConnection) -> NewSubaccount:
            return await create_subaccount(conn, ctx.viewer, name, ctx.clock.now())

        async def run() -> dict[str, Any]:
            created = await ctx.write(work)
            account = await read_account(ctx, created.sid, selection.get("account"))
            return {"account": account, "auth_token": created.auth_token}

        payload = await guarded(("account", "auth_token"), run)
        return cast(CreateSubaccountPayload, payload)

    @strawberry.mutation(
        description="Rename a subaccount or change its status (ACTIVE, SUSPENDED, CLOSED). "
        "Closing is final and releases its numbers in use, with refunds."
    )
    async def update_subaccount(
        self, info: Info, input: UpdateSubaccountInput
    ) -> UpdateSubaccountPayload:
        ctx, selection = info.context, mutation_selection(info)
        update = to_plain(input, SubaccountUpdate)

        async def work(conn: AsyncConnection) -> str:
            return await update_subaccount(conn, ctx.viewer, update, ctx.clock.now())

        async def run() -> dict[str, Any]:
            sid = await ctx.write(work)
            return {"account": await read_account(ctx, sid, selection.get("account"))}

        payload = await guarded(("account",), run)
        return cast(UpdateSubaccountPayload, payload)
