"""Richer setups shared by several test modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.sids import new_sid
from tests.support.factories import T0, add_activity, add_address, add_messaging_service
from tests.support.numbers import add_number

RICH_PHONE = "+18005550100"
PLAIN_PHONE = "+14155550100"
RICH_PURCHASED_AT = datetime(2025, 12, 20, 8, 30, 15)


@dataclass(frozen=True)
class RichNumber:
    """A number with every part of its tree set to something other than the defaults."""

    sid: str
    address_sid: str
    service_sid: str
    application_sid: str
    sms_application_sid: str
    mms_application_sid: str
    emergency_address_sid: str
    identity_sid: str


async def add_rich_number(engine: AsyncEngine, account_sid: str) -> RichNumber:
    address = await add_address(engine, account_sid, iso_country="US")
    service = await add_messaging_service(engine, account_sid, "Notifications")
    ids = [new_sid("AP"), new_sid("AP"), new_sid("AP"), new_sid("AD"), new_sid("RI")]
    application, sms_application, mms_application, emergency_address, identity = ids
    sid = await add_number(
        engine,
        account_sid,
        RICH_PHONE,
        catalog={
            "type": "TOLLFREE",
            "lifecycle": "BETA",
            "beta": True,
            "voice_fax": True,
            "voice_sip_trunking": False,
            "voice_calls_per_second": 5,
            "voice_concurrent_calls_limit": 50,
            "voice_long_record_length": 7200,
            "voice_inbound_called_dtmf": False,
            "voice_caller_id_preservation": "DOMESTIC",
            "voice_inbound_reachability": "DOMESTIC",
            "voice_codecs": "PCMU,G722",
            "sms_ucs2": False,
            "sms_gsm7_concatenation": False,
            "sms_sender_id_preservation": "NONE",
            "sms_inbound_reachability": "GLOBAL",
            "sms_inbound_mps": 10,
            "mms_outbound": False,
            "mms_inbound_reachability": "FOREIGN",
            "mms_inbound_mps": 2,
            "address_requirements": "LOCAL",
            "identity_required": True,
            "lata": "132",
            "rate_center": "NWYRCYZN01",
            "latitude": 40.7128,
            "longitude": -74.006,
            "region": "NY",
            "locality": "New York",
            "postal_code": "10001",
        },
        friendly_name="Main line",
        origin="PORTED",
        status_callback="https://example.com/status",
        status_callback_method="GET",
        voice_url="https://example.com/voice",
        voice_method="GET",
        voice_fallback_url="https://example.com/voice-fallback",
        voice_fallback_method="POST",
        voice_application_sid=application,
        emergency_status="ACTIVE",
        emergency_address_sid=emergency_address,
        voice_receive_mode="FAX",
        voice_caller_id_lookup=True,
        sms_url="https://example.com/sms",
        sms_method="GET",
        sms_fallback_url="https://example.com/sms-fallback",
        sms_fallback_method="GET",
        sms_application_sid=sms_application,
        mms_url="https://example.com/mms",
        mms_method="POST",
        mms_fallback_url=None,
        mms_fallback_method="GET",
        mms_application_sid=mms_application,
        address_sid=address,
        identity_sid=identity,
        messaging_service_sid=service,
        setup_fee_minor=100,
        monthly_fee_minor=215,
        purchased_at=RICH_PURCHASED_AT,
        next_billing_date=datetime(2026, 1, 20, 8, 30, 15),
        created_at=RICH_PURCHASED_AT,
        updated_at=datetime(2026, 1, 2, 9, 0, 0),
    )
    await add_activity(
        engine,
        sid,
        [
            ("CALL", "COMPLETED", 12, T0 - timedelta(days=1)),
            ("CALL", "COMPLETED", 60, T0 - timedelta(days=2)),
            ("CALL", "COMPLETED", 300, T0 - timedelta(days=29)),
            ("CALL", "FAILED", 0, T0 - timedelta(days=3)),
            ("CALL", "COMPLETED", 600, T0 - timedelta(days=45)),  # too old to count
            ("MESSAGE", "DELIVERED", 0, T0 - timedelta(hours=5)),
        ],
    )
    return RichNumber(
        sid,
        address,
        service,
        application,
        sms_application,
        mms_application,
        emergency_address,
        identity,
    )


async def add_plain_number(engine: AsyncEngine, account_sid: str) -> str:
    """A number that can do nothing, with no bindings, no geography and no activity."""
    return await add_number(
        engine,
        account_sid,
        PLAIN_PHONE,
        catalog={
            "voice_capable": False,
            "sms_capable": False,
            "mms_capable": False,
            "lata": None,
            "rate_center": None,
            "latitude": None,
            "longitude": None,
            "region": None,
            "locality": None,
            "postal_code": None,
        },
    )
