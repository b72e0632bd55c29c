"""Owned numbers (ActiveNumbers): catalog rows bought by the demo accounts, configured the
varied ways real customers configure them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from gateway.seed.accounts import DemoAccount
from gateway.seed.billing import next_anniversary
from gateway.seed.draws import random_sid
from gateway.seed.rows import Row
from resolvers.core.phone import national_format

RESTORE_WINDOW = timedelta(days=10)
PURCHASE_HISTORY = timedelta(days=540)
MESSAGING_POOL_LIMIT = 400
URL_BASES = (
    "https://demo.example.com",
    "https://api.example.net/twilio",
    "https://hooks.example.org/numbers",
)
CUSTOM_NAMES = (
    "Support line {n}",
    "Sales EMEA",
    "Sales North America",
    "Billing hotline",
    "Marketing campaign {n}",
    "After-hours on-call",
    "Appointment reminders",
    "Two-factor codes {n}",
    "Delivery updates",
    "Front desk",
)


@dataclass(frozen=True)
class Ownership:
    catalog: Row
    account: DemoAccount
    released: bool


def assign_owners(
    rng: random.Random,
    picks: list[Row],
    accounts: tuple[DemoAccount, DemoAccount],
    subaccount_count: int,
    released_count: int,
) -> list[Ownership]:
    """Split the picked catalog rows: ``subaccount_count`` go to the subaccount, the rest to
    the parent; ``released_count`` of them, chosen independently, were released lately."""
    parent, subaccount = accounts
    indices = range(len(picks))
    to_subaccount = set(rng.sample(indices, subaccount_count))
    to_release = set(rng.sample(indices, released_count))
    return [
        Ownership(
            catalog=row,
            account=subaccount if index in to_subaccount else parent,
            released=index in to_release,
        )
        for index, row in enumerate(picks)
    ]


def owned_number_row(rng: random.Random, ownership: Ownership, now: datetime) -> Row:
    catalog = ownership.catalog
    return {
        **_identity(rng, ownership),
        **_timeline(rng, ownership, now),
        **_voice_config(rng, ownership),
        **_messaging_config(rng, catalog, "sms"),
        **_messaging_config(rng, catalog, "mms"),
        **_status_callback(rng),
        **_bindings(ownership),
        "messaging_service_sid": None,
        "setup_fee_minor": catalog["setup_fee_minor"],
        "monthly_fee_minor": catalog["monthly_fee_minor"],
    }


def join_messaging_services(
    rng: random.Random, numbers: list[tuple[Ownership, Row]], account: DemoAccount
) -> None:
    """Put about a third of the account's SMS-capable numbers in use into its services."""
    services = account.messaging_service_sids
    pools: dict[str, int] = dict.fromkeys(services, 0)
    for ownership, row in numbers:
        if not services or ownership.account is not account or ownership.released:
            continue
        if not ownership.catalog["sms_capable"] or rng.random() >= 1 / 3:
            continue
        service = rng.choice(services)
        if pools[service] < MESSAGING_POOL_LIMIT:
            pools[service] += 1
            row["messaging_service_sid"] = service


def _identity(rng: random.Random, ownership: Ownership) -> Row:
    catalog = ownership.catalog
    name = national_format(catalog["phone_number"])  # the gateway's default friendly name
    if rng.random() < 0.3:
        name = rng.choice(CUSTOM_NAMES).format(n=rng.randint(1, 9))
    return {
        "sid": random_sid(rng, "PN"),
        "account_sid": ownership.account.sid,
        "phone_number": catalog["phone_number"],
        "friendly_name": name,
        "origin": _origin(rng, ownership),
        "status": "RELEASED" if ownership.released else "IN_USE",
    }


def _origin(rng: random.Random, ownership: Ownership) -> str:
    """Mostly bought here; hosting is for US/CA landline and toll-free numbers only."""
    catalog, draw = ownership.catalog, rng.random()
    hostable = catalog["iso_country"] in ("US", "CA") and catalog["type"] != "MOBILE"
    if draw < 0.08 and hostable and not ownership.released:
        return "HOSTED"
    return "PORTED" if draw > 0.93 else "PURCHASED"


def _timeline(rng: random.Random, ownership: Ownership, now: datetime) -> Row:
    released_at = None
    if ownership.released:
        released_at = _at(now - timedelta(days=rng.uniform(0.1, 9)))
    latest = (released_at - timedelta(days=1)) if released_at else now - timedelta(hours=1)
    earliest = max(ownership.account.created_at + timedelta(days=1), now - PURCHASE_HISTORY)
    purchased_at = _at(earliest + (latest - earliest) * rng.random())
    updated_at = released_at or _at(purchased_at + (now - purchased_at) * rng.random())
    return {
        "purchased_at": purchased_at,
        "next_billing_date": None if released_at else next_anniversary(purchased_at, now),
        "released_at": released_at,
        "restorable_until": released_at + RESTORE_WINDOW if released_at else None,
        "created_at": purchased_at,
        "updated_at": updated_at,
    }


def _voice_config(rng: random.Random, ownership: Ownership) -> Row:
    catalog, account = ownership.catalog, ownership.account
    base = rng.choice(URL_BASES)
    url = f"{base}/voice/incoming" if rng.random() < 0.8 else None
    routing = rng.random()
    trunk = routing < 0.1 and catalog["voice_sip_trunking"]
    application = not trunk and routing < 0.25
    emergency = (
        catalog["iso_country"] == "US"
        and catalog["voice_e911"]
        and not ownership.released
        and rng.random() < 0.12
    )
    fax = catalog["voice_fax"] and rng.random() < 0.05
    return {
        "voice_url": url,
        "voice_method": _method(rng),
        "voice_fallback_url": f"{base}/voice/fallback" if url and rng.random() < 0.3 else None,
        "voice_fallback_method": _method(rng),
        "voice_application_sid": rng.choice(account.application_sids) if application else None,
        "trunk_sid": rng.choice(account.trunk_sids) if trunk else None,
        "emergency_status": "ACTIVE" if emergency else "INACTIVE",
        "emergency_address_sid": account.address_sids["US"] if emergency else None,
        "voice_receive_mode": "FAX" if fax else "VOICE",
        "voice_caller_id_lookup": rng.random() < 0.3,
    }


def _messaging_config(rng: random.Random, catalog: Row, kind: str) -> Row:
    """sms_* or mms_* settings; only on numbers with that capability."""
    base = rng.choice(URL_BASES)
    url = None
    if catalog[f"{kind}_capable"] and rng.random() < 0.75:
        url = f"{base}/{kind}/incoming"
    return {
        f"{kind}_url": url,
        f"{kind}_method": _method(rng),
        f"{kind}_fallback_url": f"{base}/{kind}/fallback" if url and rng.random() < 0.2 else None,
        f"{kind}_fallback_method": _method(rng),
        f"{kind}_application_sid": None,
    }


def _status_callback(rng: random.Random) -> Row:
    url = f"{rng.choice(URL_BASES)}/status" if rng.random() < 0.3 else None
    return {"status_callback": url, "status_callback_method": _method(rng)}


def _bindings(ownership: Ownership) -> Row:
    """The address a number's requirement calls for, and an identity document if needed."""
    catalog, account = ownership.catalog, ownership.account
    requirement = catalog["address_requirements"]
    address = None
    if requirement != "NONE":
        address = account.address_sids.get(catalog["iso_country"], account.address_sids["US"])
    return {
        "address_sid": address,
        "identity_sid": account.identity_sid if catalog["identity_required"] else None,
    }


def _method(rng: random.Random) -> str:
    return "GET" if rng.random() < 0.25 else "POST"


def _at(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)
