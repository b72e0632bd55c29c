"""createNumberOrder: buy up to 100 numbers at once."""

from __future__ import annotations

import strawberry

from resolvers.orders.mutations import CREATE_NUMBER_ORDER, CreateNumberOrder
from schema.context import Info
from schema.convert import to_plain
from schema.enums import ErrorCode
from schema.inputs.orders import CreateNumberOrderInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.errors import UserError


@strawberry.type(description="One number of an order, in the order of the input.")
class NumberOrderLine:
    position: int = strawberry.field(description="Its place in the order, from 0.")
    requested: str = strawberry.field(description="The number asked for, or the area code.")
    status: str = strawberry.field(description="PURCHASED or REFUSED.")
    phone_number: str | None = strawberry.field(description="The number bought.")
    active_number_sid: str | None = strawberry.field(description="The PN sid of the number.")
    transaction_sid: str | None = strawberry.field(description="Its own ledger entry.")
    code: ErrorCode | None = strawberry.field(description="Why it was refused.")
    message: str | None


@strawberry.type(description=error_codes(CREATE_NUMBER_ORDER))
class CreateNumberOrderPayload:
    purchased_count: int | None
    refused_count: int | None
    numbers: list[NumberOrderLine] | None = strawberry.field(
        description="Every number of the order with its status; null when it was refused."
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
