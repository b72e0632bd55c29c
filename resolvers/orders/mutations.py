"""createNumberOrder as a use-case: many numbers bought for the viewer or a subaccount at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.usecases import Actor, NodeRef, Outcome, UseCase
from resolvers.core.visibility import visible_account_sid
from resolvers.orders.ordering import OrderRequest, place_order
from resolvers.orders.records import store_order
from resolvers.orders.statuses import NumberOrderLineStatus
from resolvers.provisioning.mutations import PURCHASE_PHONE_NUMBER

ACCOUNT_FIELD = ["input", "accountSid"]


@dataclass(frozen=True)
class CreateNumberOrder(OrderRequest):
    account_sid: str | None = None
    idempotency_key: str | None = None


async def create_number_order(
    actor: Actor, conn: AsyncConnection, request: CreateNumberOrder
) -> Outcome:
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    lines = await place_order(conn, owner, request, actor.now, actor.url_policy, actor.rules.churn)
    bought = sum(line.status == NumberOrderLineStatus.PURCHASED for line in lines)
    order_sid = await store_order(conn, owner, request, lines, actor.now)
    return Outcome(
        nodes={"order": NodeRef("NumberOrder", order_sid)},
        values={
            "purchasedCount": bought,
            "refusedCount": len(lines) - bought,
            "numbers": [line.as_dict() for line in lines],
        },
    )


# A number of an order refuses with any code a single purchase may (its rules are the same).
CREATE_NUMBER_ORDER = UseCase(
    "createNumberOrder",
    create_number_order,
    PURCHASE_PHONE_NUMBER.codes,
    idempotent=True,
    many_rows=True,  # up to 100 purchases
)

USE_CASES: tuple[UseCase[Any], ...] = (CREATE_NUMBER_ORDER,)
