"""addFunds: a TOP_UP credit, idempotent when given a key (it moves money)."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing.funds import add_funds, top_up_minor
from resolvers.core.idempotency import Outcome, fingerprint, run_idempotent
from resolvers.core.visibility import visible_account_sid
from schema.context import Info
from schema.inputs.accounts import AddFundsInput
from schema.mutations.reads import mutation_selection, read_account
from schema.mutations.support import guarded, read_transaction
from schema.types.account import Account
from schema.types.errors import UserError
from schema.types.ledger import Transaction

OPERATION = "addFunds"


@strawberry.type
class AddFundsPayload:
    account: Account | None
    transaction: Transaction | None = strawberry.field(description="The TOP_UP credit.")
    user_errors: list[UserError]


@strawberry.type
class FundsMutations:
    @strawberry.mutation(description="Credit the balance of the viewer or of a subaccount.")
    async def add_funds(self, info: Info, input: AddFundsInput) -> AddFundsPayload:
        ctx, selection = info.context, mutation_selection(info)
        request = {"amount": str(input.amount), "account": input.account_sid}

        async def work(conn: AsyncConnection) -> Outcome:
            now = ctx.clock.now()
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            amount = top_up_minor(input.amount)

            async def credit() -> Outcome:
                return {"account": owner, "transaction": await add_funds(conn, owner, amount, now)}

            return await run_idempotent(
                conn,
                account_sid=ctx.viewer.sid,
                key=input.idempotency_key,
                operation=OPERATION,
                request_hash=fingerprint(OPERATION, request),
                now=now,
                work=credit,
            )

        async def run() -> dict[str, Any]:
            outcome = await ctx.write(work)
            return {
                "account": await read_account(ctx, outcome["account"], selection.get("account")),
                "transaction": await read_transaction(
                    ctx, outcome["transaction"], selection.get("transaction")
                ),
            }

        payload = await guarded(("account", "transaction"), run)
        return cast(AddFundsPayload, payload)
