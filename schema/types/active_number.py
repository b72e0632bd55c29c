"""ActiveNumber: the capability tree of an owned number (API.md)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import (
    ActiveNumberStatus,
    AddressRequirement,
    BillingStatus,
    EmergencyStatus,
    HttpMethod,
    IdPreservation,
    NumberLifecycle,
    NumberOrigin,
    NumberType,
    Reachability,
    ReceiveMode,
)
from schema.types.account import Address, MessagingService
from schema.types.common import DictBacked, Money, Node, PageInfo


@strawberry.type
class VoiceCapabilities:
    inbound_connectivity: bool
    outbound_connectivity: bool
    e911: bool
    fax: bool
    sip_trunking: bool
    calls_per_second: int
    concurrent_calls_limit: int
    long_record_length: int
    inbound_called_dtmf: bool
    inbound_caller_dtmf: bool
    inbound_caller_id_preservation: IdPreservation
    inbound_reachability: Reachability
    codecs: list[str]


@strawberry.type
class SmsCapabilities:
    inbound_connectivity: bool
    outbound_connectivity: bool
    gsm7: bool
    ucs2: bool
    gsm7_concatenation: bool
    ucs2_concatenation: bool
    inbound_sender_id_preservation: IdPreservation
    inbound_reachability: Reachability
    inbound_mps: int = strawberry.field(description="Inbound messages per second; -1 = no limit.")


@strawberry.type
class MmsCapabilities:
    inbound_connectivity: bool
    outbound_connectivity: bool
    inbound_reachability: Reachability
    inbound_mps: int


@strawberry.type(description="What the number can do; a null member means not capable.")
class Capabilities:
    voice: VoiceCapabilities | None
    sms: SmsCapabilities | None
    mms: MmsCapabilities | None


@strawberry.type
class Regulatory:
    address_requirements: AddressRequirement
    identity_required: bool
    address: Address | None
    identity_sid: str | None


@strawberry.type
class Geography:
    iso_country: str
    lata: str | None
    rate_center: str | None
    latitude: float | None
    longitude: float | None
    region: str | None
    locality: str | None
    postal_code: str | None


@strawberry.type
class VoiceConfiguration:
    url: str | None
    method: HttpMethod
    fallback_url: str | None
    fallback_method: HttpMethod
    application_sid: str | None
    trunk_sid: str | None
    emergency_status: EmergencyStatus
    emergency_address_sid: str | None
    receive_mode: ReceiveMode
    caller_id_lookup: bool


@strawberry.type
class MessagingConfiguration:
    url: str | None
    method: HttpMethod
    fallback_url: str | None
    fallback_method: HttpMethod
    application_sid: str | None


@strawberry.type
class Configuration:
    status_callback: str | None
    status_callback_method: HttpMethod
    voice: VoiceConfiguration
    sms: MessagingConfiguration
    mms: MessagingConfiguration


@strawberry.type
class NumberBilling:
    monthly_fee: Money
    setup_fee: Money
    purchased_at: datetime
    next_billing_date: datetime | None = strawberry.field(
        description="When the next monthly fee is charged; null once released."
    )
    status: BillingStatus = strawberry.field(
        description="PAST_DUE: a renewal could not be paid and the account is suspended; the "
        "number is kept, and renewed again once funds cover the arrears."
    )


@strawberry.type(
    description=(
        "Activity over the last 30 days. A number is active with at least 3 completed calls "
        "of 12 seconds or more, or at least 3 messages sent or received."
    )
)
class NumberActivity:
    last_activity_at: datetime | None
    calls_last_30_days: int = strawberry.field(description="All calls, any outcome.")
    qualifying_calls_last_30_days: int = strawberry.field(
        description="Completed calls of 12 seconds or more (the ones the activity rule counts)."
    )
    messages_last_30_days: int = strawberry.field(description="Messages sent or received.")
    is_active: bool
    reclaim_warning_at: datetime | None = strawberry.field(
        description="When the pending reclaim warning was sent (RECLAIM_WARNING); null when "
        "none is pending. Activity that makes the number active withdraws it."
    )
    reclaim_after: datetime | None = strawberry.field(
        description="When the number will be reclaimed if it stays inactive; null when no "
        "warning is pending."
    )


@strawberry.type
class ActiveNumber(DictBacked, Node):
    sid: str
    account_sid: str
    phone_number: str = strawberry.field(description="E.164, e.g. +14155551234.")
    friendly_name: str
    national_format: str
    type: NumberType
    lifecycle: NumberLifecycle
    origin: NumberOrigin
    status: ActiveNumberStatus
    beta: bool
    capabilities: Capabilities
    regulatory: Regulatory
    geography: Geography
    configuration: Configuration
    billing: NumberBilling
    activity: NumberActivity
    messaging_service: MessagingService | None
    created_at: datetime
    updated_at: datetime


@strawberry.type
class ActiveNumberEdge:
    cursor: str
    node: ActiveNumber


@strawberry.type
class ActiveNumberConnection:
    edges: list[ActiveNumberEdge]
    nodes: list[ActiveNumber]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Numbers matching the filter, all pages.")
    monthly_cost: Money = strawberry.field(
        description="Sum of the monthly fees of the numbers matching the filter, all pages."
    )
