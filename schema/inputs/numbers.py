"""Inputs of the number mutations (purchase, configure, release, restore, transfer).

Configuration fields left out keep their value; an explicit null clears it.
"""

from __future__ import annotations

import strawberry

from resolvers.provisioning.configuration import ConfigurationChange, RoutingChange, VoiceChange
from resolvers.provisioning.mutations import (
    PurchasePhoneNumber,
    ReleasePhoneNumber,
    RestorePhoneNumber,
    TransferPhoneNumber,
)
from schema.enums import EmergencyStatus, HttpMethod, NumberType, ReceiveMode
from schema.plain_targets import converts_to


@converts_to(RoutingChange)
@strawberry.input
class MessagingConfigurationInput:
    url: str | None = strawberry.UNSET
    method: HttpMethod | None = strawberry.UNSET
    fallback_url: str | None = strawberry.UNSET
    fallback_method: HttpMethod | None = strawberry.UNSET
    application_sid: str | None = strawberry.UNSET


@converts_to(VoiceChange)
@strawberry.input
class VoiceConfigurationInput(MessagingConfigurationInput):
    trunk_sid: str | None = strawberry.field(
        default=strawberry.UNSET, description="Setting a trunk clears the voice applicationSid."
    )
    emergency_status: EmergencyStatus | None = strawberry.UNSET
    emergency_address_sid: str | None = strawberry.UNSET
    receive_mode: ReceiveMode | None = strawberry.UNSET
    caller_id_lookup: bool | None = strawberry.UNSET


@converts_to(ConfigurationChange)
@strawberry.input
class NumberConfigurationInput:
    friendly_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="At most 64 characters; null restores the default."
    )
    status_callback: str | None = strawberry.UNSET
    status_callback_method: HttpMethod | None = strawberry.UNSET
    voice: VoiceConfigurationInput | None = strawberry.UNSET
    sms: MessagingConfigurationInput | None = strawberry.UNSET
    mms: MessagingConfigurationInput | None = strawberry.UNSET


@converts_to(PurchasePhoneNumber)
@strawberry.input
class PurchasePhoneNumberInput:
    phone_number: str | None = strawberry.field(default=None, description="E.164; or areaCode.")
    area_code: str | None = strawberry.field(
        default=None, description="US/CA: any available number in the area code."
    )
    iso_country: str = "US"
    type: NumberType = NumberType.LOCAL
    account_sid: str | None = strawberry.field(
        default=None, description="Buy for this subaccount (default: the viewer)."
    )
    friendly_name: str | None = None
    configuration: NumberConfigurationInput | None = None
    address_sid: str | None = None
    identity_sid: str | None = None
    trunk_sid: str | None = None
    idempotency_key: str | None = strawberry.field(
        default=None, description="A replay within 24 hours returns the original result."
    )


@converts_to(ReleasePhoneNumber)
@strawberry.input
class ReleasePhoneNumberInput:
    sid: str
    idempotency_key: str | None = None


@converts_to(RestorePhoneNumber)
@strawberry.input
class RestorePhoneNumberInput:
    phone_number: str
    account_sid: str | None = None
    idempotency_key: str | None = None


@converts_to(TransferPhoneNumber)
@strawberry.input
class TransferPhoneNumberInput:
    sid: str
    account_sid: str = strawberry.field(description="The account that receives the number.")
