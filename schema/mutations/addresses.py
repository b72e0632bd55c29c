"""createAddress."""

from __future__ import annotations

import strawberry

from resolvers.accounts.mutations import CREATE_ADDRESS, CreateAddress
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.accounts import CreateAddressInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.account import Address
from schema.types.errors import UserError


@strawberry.type(description=error_codes(CREATE_ADDRESS))
class CreateAddressPayload:
    address: Address | None
    user_errors: list[UserError]


@strawberry.type
class AddressMutations:
    @strawberry.mutation(description="Record a postal address; numbers may require one.")
    async def create_address(self, info: Info, input: CreateAddressInput) -> CreateAddressPayload:
        request = to_plain(input, CreateAddress)
        return await run_mutation(info, CREATE_ADDRESS, request, CreateAddressPayload)
