"""createSubaccount and updateSubaccount."""

from __future__ import annotations

import strawberry

from resolvers.accounts.mutations import CREATE_SUBACCOUNT, UPDATE_SUBACCOUNT, CreateSubaccount
from resolvers.accounts.subaccounts import SubaccountUpdate
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.accounts import CreateSubaccountInput, UpdateSubaccountInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.account import Account
from schema.types.errors import UserError


@strawberry.type(description=error_codes(CREATE_SUBACCOUNT))
class CreateSubaccountPayload:
    account: Account | None
    auth_token: str | None = strawberry.field(
        description="Shown this once: only its hash is stored. Authenticate as the subaccount "
        "with HTTP Basic `AccountSid:AuthToken`."
    )
    user_errors: list[UserError]


@strawberry.type(description=error_codes(UPDATE_SUBACCOUNT))
class UpdateSubaccountPayload:
    account: Account | None
    user_errors: list[UserError]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Create a subaccount of the viewer (parents only).")
    async def create_subaccount(
        self, info: Info, input: CreateSubaccountInput
    ) -> CreateSubaccountPayload:
        request = to_plain(input, CreateSubaccount)
        return await run_mutation(info, CREATE_SUBACCOUNT, request, CreateSubaccountPayload)

    @strawberry.mutation(
        description="Rename a subaccount or change its status (ACTIVE, SUSPENDED, CLOSED). "
        "Closing is final and releases its numbers in use, with refunds."
    )
    async def update_subaccount(
        self, info: Info, input: UpdateSubaccountInput
    ) -> UpdateSubaccountPayload:
        request = to_plain(input, SubaccountUpdate)
        return await run_mutation(info, UPDATE_SUBACCOUNT, request, UpdateSubaccountPayload)
