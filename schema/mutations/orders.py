"""createNumberOrder: buy up to 100 numbers at once."""

from __future__ import annotations

import strawberry

from resolvers.orders.mutations import CREATE_NUMBER_ORDER, CreateNumberOrder
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.orders import CreateNumberOrderInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.errors import UserError
from schema.types.orders import NumberOrder, NumberOrderLine


@strawberry.type(description=error_codes(CREATE_NUMBER_ORDER))
class CreateNumberOrderPayload:
    purchased_count: int | None
    refused_count: int | None
    numbers: list[NumberOrderLine] | None = strawberry.field(
        description="Every number of the order with its status; null when it was refused."
    )
    order: NumberOrder | None = strawberry.field(
        description="The stored order (also in numberOrders); a replayed key returns the same."
    )
    user_errors: list[UserError]


@strawberry.type
class OrderMutations:
    @strawberry.mutation(
        description="Buy 1 to 100 numbers in one order, one ledger entry each: all or nothing, "
        "or with allowPartial each number bought or refused on its own."
    )
    async def create_number_order(
        self, info: Info, input: CreateNumberOrderInput
    ) -> CreateNumberOrderPayload:
        request = to_plain(input, CreateNumberOrder)
        return await run_mutation(info, CREATE_NUMBER_ORDER, request, CreateNumberOrderPayload)
