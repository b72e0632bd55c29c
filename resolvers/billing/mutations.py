"""addFunds as a use-case: a TOP_UP credit of the viewer or of a subaccount. It moves money, so
it takes an idempotency key."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing.funds import add_funds, top_up_minor
from resolvers.core.usecases import Actor, Outcome, UseCase, node
from resolvers.core.visibility import visible_account_sid


@dataclass(frozen=True)
class AddFunds:
    amount: Decimal
    account_sid: str | None = None
    idempotency_key: str | None = None


async def add_funds_use_case(actor: Actor, conn: AsyncConnection, request: AddFunds) -> Outcome:
    field = ["input", "accountSid"]
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, field)
    transaction = await add_funds(conn, owner, top_up_minor(request.amount), actor.now)
    return Outcome(
        nodes={"account": node("Account", owner), "transaction": node("Transaction", transaction)}
    )


ADD_FUNDS = UseCase(
    "addFunds",
    add_funds_use_case,
    ("NOT_FOUND", "INVALID_INPUT", "ACCOUNT_NOT_ACTIVE"),
    idempotent=True,
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (ADD_FUNDS,)
