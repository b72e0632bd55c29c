"""Rows for tests, with defaults a test overrides only where it matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.activity.tallies import rebuild_tallies
from resolvers.core.phone import national_format
from resolvers.core.sids import new_auth_token, new_sid
from resolvers.core.tables import (
    accounts,
    addresses,
    catalog_numbers,
    ledger_entries,
    messaging_services,
    number_activity,
    owned_numbers,
)
from resolvers.core.tokens import hash_token

T0 = datetime(2026, 1, 15, 12, 0, 0)


@dataclass(frozen=True)
class TestAccount:
    sid: str
    token: str


async def add_account(
    engine: AsyncEngine,
    *,
    parent_sid: str | None = None,
    status: str = "ACTIVE",
    type_: str = "FULL",
    balance_minor: int = 100_000,
    name: str = "Test Account",
) -> TestAccount:
    sid, token = new_sid("AC"), new_auth_token()
    async with engine.begin() as conn:
        await conn.execute(
            accounts.insert().values(
                sid=sid,
                parent_sid=parent_sid,
                friendly_name=name,
                status=status,
                type=type_,
                auth_token_hash=hash_token(token),
                balance_minor=balance_minor,
                created_at=T0,
                updated_at=T0,
            )
        )
        if balance_minor:
            await conn.execute(
                ledger_entries.insert().values(
                    sid=new_sid("TX"),
                    account_sid=sid,
                    kind="TOP_UP",
                    amount_minor=balance_minor,
                    description="opening balance",
                    created_at=T0,
                )
            )
    return TestAccount(sid, token)


def catalog_row(phone_number: str, **overrides: Any) -> dict[str, Any]:
    """A US local number with every capability, available, unless overridden."""
    region = phonenumbers.region_code_for_number(phonenumbers.parse(phone_number))
    row: dict[str, Any] = {
        "phone_number": phone_number,
        "iso_country": region,
        "type": "LOCAL",
        "lifecycle": "GENERALLY_AVAILABLE",
        "beta": False,
        "state": "available",
        "voice_capable": True,
        "voice_inbound": True,
        "voice_outbound": True,
        "voice_e911": True,
        "voice_fax": False,
        "voice_sip_trunking": True,
        "voice_calls_per_second": 1,
        "voice_concurrent_calls_limit": 100,
        "voice_long_record_length": 14400,
        "voice_inbound_called_dtmf": True,
        "voice_inbound_caller_dtmf": True,
        "voice_caller_id_preservation": "INTERNATIONAL",
        "voice_inbound_reachability": "GLOBAL",
        "voice_codecs": "PCMU,PCMA,OPUS",
        "sms_capable": True,
        "sms_inbound": True,
        "sms_outbound": True,
        "sms_gsm7": True,
        "sms_ucs2": True,
        "sms_gsm7_concatenation": True,
        "sms_ucs2_concatenation": True,
        "sms_sender_id_preservation": "DOMESTIC",
        "sms_inbound_reachability": "DOMESTIC",
        "sms_inbound_mps": -1,
        "mms_capable": True,
        "mms_inbound": True,
        "mms_outbound": True,
        "mms_inbound_reachability": "DOMESTIC",
        "mms_inbound_mps": 5,
        "address_requirements": "NONE",
        "identity_required": False,
        "lata": "722",
        "rate_center": "SNFC",
        "latitude": 37.7749,
        "longitude": -122.4194,
        "region": "CA",
        "locality": "San Francisco",
        "postal_code": "94103",
        "setup_fee_minor": 0,
        "monthly_fee_minor": 115,
    }
    row.update(overrides)
    return row


async def add_catalog(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(catalog_numbers.insert(), rows)


async def add_owned(
    engine: AsyncEngine, account_sid: str, phone_number: str, **overrides: Any
) -> str:
    """Own ``phone_number`` (already in the catalog) and return the new PN sid."""
    sid = new_sid("PN")
    purchased_at = overrides.pop("purchased_at", T0 - timedelta(days=10))
    row: dict[str, Any] = {
        "sid": sid,
        "account_sid": account_sid,
        "phone_number": phone_number,
        "friendly_name": national_format(phone_number),
        "origin": "PURCHASED",
        "status": "IN_USE",
        "setup_fee_minor": 0,
        "monthly_fee_minor": 115,
        "purchased_at": purchased_at,
        "next_billing_date": purchased_at + timedelta(days=31),
        "created_at": purchased_at,
        "updated_at": purchased_at,
    }
    row.update(overrides)
    async with engine.begin() as conn:
        await conn.execute(owned_numbers.insert().values(**row))
        await conn.execute(
            catalog_numbers.update()
            .where(catalog_numbers.c.phone_number == phone_number)
            .values(state="assigned")
        )
    return sid


async def add_address(engine: AsyncEngine, account_sid: str, iso_country: str = "US") -> str:
    sid = new_sid("AD")
    async with engine.begin() as conn:
        await conn.execute(
            addresses.insert().values(
                sid=sid,
                account_sid=account_sid,
                friendly_name="HQ",
                customer_name="Acme Inc",
                street="1 Market St",
                city="San Francisco",
                region="CA",
                postal_code="94105",
                iso_country=iso_country,
                created_at=T0,
            )
        )
    return sid


async def add_messaging_service(engine: AsyncEngine, account_sid: str, name: str) -> str:
    sid = new_sid("MG")
    async with engine.begin() as conn:
        await conn.execute(
            messaging_services.insert().values(
                sid=sid, account_sid=account_sid, friendly_name=name, created_at=T0
            )
        )
    return sid


async def add_activity(
    engine: AsyncEngine,
    number_sid: str,
    events: list[tuple[str, str, int, datetime]],
) -> None:
    """Events as (kind, status, duration seconds, occurred at)."""
    async with engine.begin() as conn:
        await conn.execute(
            number_activity.insert(),
            [
                {
                    "number_sid": number_sid,
                    "kind": kind,
                    "direction": "INBOUND",
                    "status": status,
                    "duration_seconds": duration,
                    "occurred_at": at,
                }
                for kind, status, duration, at in events
            ],
        )
        await rebuild_tallies(conn, [number_sid])  # as a recorder would have stored it
