"""One row of a catalog import (``numbers-gateway import-catalog``) as a catalog row.

The CSV has a header; column names are matched without regard to case. Required columns:
``phone_number`` (E.164), ``type``, ``voice``, ``sms``, ``mms`` (true/false), ``setup_fee`` and
``monthly_fee`` (USD, e.g. ``1.15``). Optional ones (default): ``lifecycle``
(GENERALLY_AVAILABLE), ``fax``, ``e911`` (false), ``address_requirements`` (NONE),
``identity_required`` (false), and the geography ``lata``, ``rate_center``, ``latitude``,
``longitude``, ``region``, ``locality``, ``postal_code`` (empty). The country is the number's
own (``phonenumbers``). A capability is imported whole: a voice-capable number does voice
inbound and outbound, an SMS-capable one sends and receives in GSM-7 and UCS-2, as the demo
catalog's numbers do; toll-free numbers are reachable only from their own country.
"""

from __future__ import annotations

from typing import Any

from phonenumbers import PhoneNumberType

from resolvers.catalog import import_fields as f
from resolvers.core.enums import AddressRequirement, NumberLifecycle, NumberType

REQUIRED = ("phone_number", "type", "voice", "sms", "mms", "setup_fee", "monthly_fee")
OPTIONAL = (
    "lifecycle",
    "fax",
    "e911",
    "address_requirements",
    "identity_required",
    "lata",
    "rate_center",
    "latitude",
    "longitude",
    "region",
    "locality",
    "postal_code",
)
CODECS = "PCMU,PCMA,G722,OPUS"


def catalog_row(fields: f.Fields) -> dict[str, Any]:
    """The catalog columns of one CSV row (without ``state``); RowError when it is not whole."""
    number = f.phone_number(fields)
    number_type = f.choice(fields, "type", NumberType)
    _check_plan(number, number_type)
    lifecycle = f.choice(fields, "lifecycle", NumberLifecycle, NumberLifecycle.GENERALLY_AVAILABLE)
    reach = "DOMESTIC" if number_type == NumberType.TOLLFREE else "GLOBAL"
    return {
        "phone_number": number.e164,
        "iso_country": number.iso_country,
        "type": str(number_type),
        "lifecycle": str(lifecycle),
        "beta": lifecycle == NumberLifecycle.BETA,
        **_voice(fields, reach),
        **_sms(f.boolean(fields, "sms"), reach),
        **_mms(f.boolean(fields, "mms")),
        "address_requirements": str(
            f.choice(fields, "address_requirements", AddressRequirement, AddressRequirement.NONE)
        ),
        "identity_required": f.boolean(fields, "identity_required", False),
        **_geography(fields),
        "setup_fee_minor": f.amount_minor(fields, "setup_fee"),
        "monthly_fee_minor": f.amount_minor(fields, "monthly_fee"),
    }


def _check_plan(number: f.PlanNumber, number_type: NumberType) -> None:
    """Toll-free in the file exactly when the numbering plan says toll-free."""
    plan_toll_free = number.plan_type == PhoneNumberType.TOLL_FREE
    if plan_toll_free != (number_type == NumberType.TOLLFREE):
        said = "is" if plan_toll_free else "is not"
        raise f.RowError("type", f"{number.e164} {said} a toll-free number by its numbering plan")


def _voice(fields: f.Fields, reach: str) -> dict[str, Any]:
    capable = f.boolean(fields, "voice")
    fax, e911 = f.boolean(fields, "fax", False), f.boolean(fields, "e911", False)
    if (fax or e911) and not capable:
        raise f.RowError("fax" if fax else "e911", "needs voice")
    return {
        "voice_capable": capable,
        "voice_inbound": capable,
        "voice_outbound": capable,
        "voice_e911": e911,
        "voice_fax": fax,
        "voice_sip_trunking": capable,
        "voice_calls_per_second": int(capable),
        "voice_concurrent_calls_limit": 100 if capable else 0,
        "voice_long_record_length": 14400 if capable else 0,
        "voice_inbound_called_dtmf": capable,
        "voice_inbound_caller_dtmf": capable,
        "voice_caller_id_preservation": "INTERNATIONAL" if capable else "NONE",
        "voice_inbound_reachability": reach,
        "voice_codecs": CODECS if capable else "",
    }


def _sms(capable: bool, reach: str) -> dict[str, Any]:
    return {
        "sms_capable": capable,
        "sms_inbound": capable,
        "sms_outbound": capable,
        "sms_gsm7": capable,
        "sms_ucs2": capable,
        "sms_gsm7_concatenation": capable,
        "sms_ucs2_concatenation": capable,
        "sms_sender_id_preservation": "INTERNATIONAL" if capable else "NONE",
        "sms_inbound_reachability": reach if capable else "DOMESTIC",
        "sms_inbound_mps": int(capable),
    }


def _mms(capable: bool) -> dict[str, Any]:
    return {
        "mms_capable": capable,
        "mms_inbound": capable,
        "mms_outbound": capable,
        "mms_inbound_reachability": "DOMESTIC",
        "mms_inbound_mps": int(capable),
    }


def _geography(fields: f.Fields) -> dict[str, Any]:
    latitude = f.degrees(fields, "latitude", 90)
    longitude = f.degrees(fields, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise f.RowError("latitude" if latitude is None else "longitude", "needs its pair")
    return {
        "lata": f.text(fields, "lata", 8),
        "rate_center": f.text(fields, "rate_center", 32),
        "latitude": latitude,
        "longitude": longitude,
        "region": f.text(fields, "region", 64),
        "locality": f.text(fields, "locality", 64),
        "postal_code": f.text(fields, "postal_code", 16),
    }
