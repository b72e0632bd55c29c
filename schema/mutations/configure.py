"""configurePhoneNumber."""

from __future__ import annotations

import strawberry

from resolvers.provisioning.mutations import CONFIGURE_PHONE_NUMBER, ConfigurePhoneNumber
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.configure import ConfigurePhoneNumberInput
from schema.mutations.runner import error_codes, run_mutation
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError


@strawberry.type(description=error_codes(CONFIGURE_PHONE_NUMBER))
class ConfigurePhoneNumberPayload:
    active_number: ActiveNumber | None
    user_errors: list[UserError]


@strawberry.type
class ConfigureMutations:
    @strawberry.mutation(
        description="Change a number's name, routing and bindings. A field left out keeps its "
        "value; an explicit null clears it."
    )
    async def configure_phone_number(
        self, info: Info, input: ConfigurePhoneNumberInput
    ) -> ConfigurePhoneNumberPayload:
        request = to_plain(input, ConfigurePhoneNumber)
        return await run_mutation(
            info, CONFIGURE_PHONE_NUMBER, request, ConfigurePhoneNumberPayload
        )
