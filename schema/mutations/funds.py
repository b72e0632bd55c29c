"""addFunds: a TOP_UP credit, idempotent when given a key (it moves money)."""

from __future__ import annotations

import strawberry

from resolvers.billing.mutations import ADD_FUNDS, AddFunds
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.accounts import AddFundsInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.account import Account
from schema.types.errors import UserError
from schema.types.ledger import Transaction


@strawberry.type(description=error_codes(ADD_FUNDS))
class AddFundsPayload:
    account: Account | None
    transaction: Transaction | None = strawberry.field(description="The TOP_UP credit.")
    user_errors: list[UserError]


@strawberry.type
class FundsMutations:
    @strawberry.mutation(description="Credit the balance of the viewer or of a subaccount.")
    async def add_funds(self, info: Info, input: AddFundsInput) -> AddFundsPayload:
        return await run_mutation(info, ADD_FUNDS, to_plain(input, AddFunds), AddFundsPayload)
