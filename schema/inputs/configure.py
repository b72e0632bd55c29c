"""The input of configurePhoneNumber: a field left out keeps its value, an explicit null
clears it (a name back to the national format, a method back to POST)."""

from __future__ import annotations

import strawberry

from resolvers.provisioning.mutations import ConfigurePhoneNumber
from schema.enums import HttpMethod
from schema.inputs.numbers import MessagingConfigurationInput, VoiceConfigurationInput
from schema.plain_targets import converts_to


@converts_to(ConfigurePhoneNumber)
@strawberry.input
class ConfigurePhoneNumberInput:
    sid: str = strawberry.field(description="The number (PN…) to configure.")
    account_sid: str | None = strawberry.field(
        default=None,
        description="The subaccount that owns the number; by default any number of yours or "
        "of your subaccounts.",
    )
    friendly_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="At most 64 characters; null restores the default."
    )
    status_callback: str | None = strawberry.UNSET
    status_callback_method: HttpMethod | None = strawberry.UNSET
    voice: VoiceConfigurationInput | None = strawberry.UNSET
    sms: MessagingConfigurationInput | None = strawberry.UNSET
    mms: MessagingConfigurationInput | None = strawberry.UNSET
    address_sid: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="An address of the owner that meets the number's requirement; it cannot be "
        "cleared while the number requires one.",
    )
    identity_sid: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="An identity document of the owner; required by some numbers.",
    )
