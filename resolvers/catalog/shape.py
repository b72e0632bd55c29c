"""AvailableNumber as a projection over one ``catalog_numbers`` row.

The capability tree and the geography read only catalog columns, so they are defined here and
an ActiveNumber (a catalog row joined to its ownership) reuses them. An available number has no
bindings yet: ``regulatory.address`` and ``identitySid`` are null.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, null

from resolvers.core.money import money
from resolvers.core.phone import national_format
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.times import as_utc
from resolvers.reads.projection import Derived, Leaf, ObjectShape, leaves


def _codecs(value: str) -> list[str]:
    return [codec for codec in value.split(",") if codec]


VOICE_CAPABILITIES = ObjectShape(
    "voice",
    {
        **leaves(
            inboundConnectivity=c.c.voice_inbound,
            outboundConnectivity=c.c.voice_outbound,
            e911=c.c.voice_e911,
            fax=c.c.voice_fax,
            sipTrunking=c.c.voice_sip_trunking,
            callsPerSecond=c.c.voice_calls_per_second,
            concurrentCallsLimit=c.c.voice_concurrent_calls_limit,
            longRecordLength=c.c.voice_long_record_length,
            inboundCalledDtmf=c.c.voice_inbound_called_dtmf,
            inboundCallerDtmf=c.c.voice_inbound_caller_dtmf,
            inboundCallerIdPreservation=c.c.voice_caller_id_preservation,
            inboundReachability=c.c.voice_inbound_reachability,
        ),
        "codecs": Leaf("codecs", c.c.voice_codecs, _codecs),
    },
    present_when=c.c.voice_capable,
)

SMS_CAPABILITIES = ObjectShape(
    "sms",
    leaves(
        inboundConnectivity=c.c.sms_inbound,
        outboundConnectivity=c.c.sms_outbound,
        gsm7=c.c.sms_gsm7,
        ucs2=c.c.sms_ucs2,
        gsm7Concatenation=c.c.sms_gsm7_concatenation,
        ucs2Concatenation=c.c.sms_ucs2_concatenation,
        inboundSenderIdPreservation=c.c.sms_sender_id_preservation,
        inboundReachability=c.c.sms_inbound_reachability,
        inboundMps=c.c.sms_inbound_mps,
    ),
    present_when=c.c.sms_capable,
)

MMS_CAPABILITIES = ObjectShape(
    "mms",
    leaves(
        inboundConnectivity=c.c.mms_inbound,
        outboundConnectivity=c.c.mms_outbound,
        inboundReachability=c.c.mms_inbound_reachability,
        inboundMps=c.c.mms_inbound_mps,
    ),
    present_when=c.c.mms_capable,
)

CAPABILITIES = ObjectShape(
    "capabilities",
    {"voice": VOICE_CAPABILITIES, "sms": SMS_CAPABILITIES, "mms": MMS_CAPABILITIES},
)

GEOGRAPHY = ObjectShape(
    "geography",
    leaves(
        isoCountry=c.c.iso_country,
        lata=c.c.lata,
        rateCenter=c.c.rate_center,
        latitude=c.c.latitude,
        longitude=c.c.longitude,
        region=c.c.region,
        locality=c.c.locality,
        postalCode=c.c.postal_code,
    ),
)


def _null() -> Any:
    return None


REGULATORY = ObjectShape(
    "regulatory",
    {
        "addressRequirements": Leaf("address_requirements", c.c.address_requirements),
        "identityRequired": Leaf("identity_required", c.c.identity_required),
        "address": Derived("address", (), _null),
        "identitySid": Derived("identity_sid", (), _null),
    },
)

PRICING = ObjectShape(
    "pricing",
    {
        "setupFee": Derived("setup_fee", (c.c.setup_fee_minor,), money),
        "monthlyFee": Derived("monthly_fee", (c.c.monthly_fee_minor,), money),
    },
)

# The caller's own live hold on a number: its end, or NULL (no hold, or another account's).
HOLDER = bindparam("available_holder", type_=c.c.held_by.type)
NOW = bindparam("available_now", type_=c.c.held_until.type)
YOUR_HOLD_ENDS = case(
    (and_(c.c.held_by == HOLDER, c.c.held_until > NOW), c.c.held_until), else_=null()
)


def hold_parameters(holder: str | None, now: datetime) -> dict[str, Any]:
    """The values of ``HOLDER`` and ``NOW`` for a read of ``AVAILABLE_NUMBER``."""
    return {HOLDER.key: holder, NOW.key: now}


def _is_held(until: datetime | None) -> bool:
    return until is not None


AVAILABLE_NUMBER = ObjectShape(
    "available_number",
    {
        "phoneNumber": Leaf("phone_number", c.c.phone_number),
        "friendlyName": Leaf("friendly_name", c.c.phone_number, national_format),
        "nationalFormat": Leaf("national_format", c.c.phone_number, national_format),
        "type": Leaf("type", c.c.type),
        "lifecycle": Leaf("lifecycle", c.c.lifecycle),
        "beta": Leaf("beta", c.c.beta),
        "capabilities": CAPABILITIES,
        "regulatory": REGULATORY,
        "geography": GEOGRAPHY,
        "pricing": PRICING,
        "reservedByYou": Derived("reserved_by_you", (YOUR_HOLD_ENDS,), _is_held),
        "heldUntil": Leaf("held_until", YOUR_HOLD_ENDS, as_utc),
    },
)
