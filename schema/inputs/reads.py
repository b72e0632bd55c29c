"""Input types of the read API (filters and orderings of API.md)."""

from __future__ import annotations

import strawberry

from resolvers.active_numbers import filters, query
from resolvers.reads import geography
from schema.enums import (
    ActiveNumberOrderField,
    ActiveNumberStatus,
    AddressRequirement,
    IdPreservation,
    NumberLifecycle,
    NumberOrigin,
    NumberType,
    OrderDirection,
    Reachability,
)
from schema.plain_targets import converts_to


@converts_to(filters.VoiceCapabilityFilter)
@strawberry.input
class VoiceCapabilityFilter:
    capable: bool | None = None
    e911: bool | None = None
    fax: bool | None = None
    sip_trunking: bool | None = None
    inbound_caller_id_preservation: list[IdPreservation] | None = None
    inbound_reachability: list[Reachability] | None = None


@converts_to(filters.SmsCapabilityFilter)
@strawberry.input
class SmsCapabilityFilter:
    capable: bool | None = None
    gsm7: bool | None = None
    ucs2: bool | None = None
    inbound_sender_id_preservation: list[IdPreservation] | None = None
    inbound_reachability: list[Reachability] | None = None


@converts_to(filters.MmsCapabilityFilter)
@strawberry.input
class MmsCapabilityFilter:
    capable: bool | None = None
    inbound_reachability: list[Reachability] | None = None


@converts_to(filters.FloatRange)
@strawberry.input(description="An inclusive range; either bound may be omitted.")
class FloatRange:
    min: float | None = None
    max: float | None = None


@converts_to(geography.NearFilter)
@strawberry.input(description="Within distanceMiles (great-circle, at most 500) of a point.")
class NearFilter:
    latitude: float
    longitude: float
    distance_miles: float = 25


@converts_to(filters.GeographyFilter)
@strawberry.input
class GeographyFilter:
    iso_country: str | None = None
    lata: str | None = None
    rate_center: str | None = None
    region: str | None = strawberry.field(default=None, description="Case-insensitive.")
    locality: str | None = strawberry.field(default=None, description="Case-insensitive.")
    postal_code: str | None = None
    latitude: FloatRange | None = None
    longitude: FloatRange | None = None
    near: NearFilter | None = None


@converts_to(filters.ActiveNumberFilter)
@strawberry.input
class ActiveNumberFilter:
    phone_number: str | None = strawberry.field(
        default=None,
        description=(
            "E.164 (exact), or a partial number where * is any one digit: with a leading + "
            "the pattern covers the whole number, without it it matches anywhere."
        ),
    )
    friendly_name: str | None = strawberry.field(
        default=None, description="Case-insensitive substring."
    )
    type: list[NumberType] | None = None
    lifecycle: list[NumberLifecycle] | None = None
    origin: list[NumberOrigin] | None = None
    status: list[ActiveNumberStatus] | None = strawberry.field(
        default=None, description="Default [IN_USE]."
    )
    address_requirements: list[AddressRequirement] | None = None
    voice: VoiceCapabilityFilter | None = None
    sms: SmsCapabilityFilter | None = None
    mms: MmsCapabilityFilter | None = None
    geography: GeographyFilter | None = None
    trunk_sid: str | None = None
    inactive: bool | None = strawberry.field(
        default=None, description="By the activity rule (see NumberActivity)."
    )
    beta: bool | None = strawberry.field(
        default=None, description="true: only beta numbers; false: only numbers not in beta."
    )


@converts_to(query.ActiveNumberOrder)
@strawberry.input
class ActiveNumberOrder:
    field: ActiveNumberOrderField
    direction: OrderDirection = OrderDirection.ASC
