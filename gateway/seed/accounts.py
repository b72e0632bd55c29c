"""The demo accounts and what hangs off them: addresses, messaging services, applications,
trunks and a verified identity document, which their numbers refer to."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from gateway.seed.credentials import DemoCredentials
from gateway.seed.draws import random_sid
from gateway.seed.rows import Row
from resolvers.core.tokens import hash_token

# (friendly_name, street, city, region, postal_code, iso_country) per account
PARENT_ADDRESSES = (
    ("HQ San Francisco", "375 Beale Street, Suite 300", "San Francisco", "CA", "94105", "US"),
    ("London office", "20 Farringdon Road", "London", "Greater London", "EC1M 3HE", "GB"),
    ("Toronto office", "100 King Street West", "Toronto", "ON", "M5X 1A9", "CA"),
)
SUBACCOUNT_ADDRESSES = (
    ("Boston branch", "500 Boylston Street", "Boston", "MA", "02116", "US"),
    ("Manchester branch", "3 Piccadilly Place", "Manchester", "Greater Manchester", "M1 3BN", "GB"),
    ("Montreal branch", "1000 Rue De La Gauchetiere Ouest", "Montreal", "QC", "H3B 4W5", "CA"),
)
MESSAGING_SERVICE_NAMES = ("Customer notifications", "Marketing campaigns")
APPLICATION_NAMES = ("IVR main menu", "Call tracking", "Voicemail to email")
TRUNK_NAMES = ("Primary SIP trunk", "Backup SIP trunk")


@dataclass(frozen=True)
class DemoAccount:
    sid: str
    friendly_name: str
    customer_name: str
    auth_token: str
    parent_sid: str | None
    created_at: datetime
    address_sids: dict[str, str]  # by iso_country
    identity_sid: str
    application_sids: tuple[str, ...]
    trunk_sids: tuple[str, ...]
    messaging_service_sids: tuple[str, ...]


def demo_accounts(
    rng: random.Random, credentials: DemoCredentials, now: datetime
) -> tuple[DemoAccount, DemoAccount]:
    """(parent, subaccount); the parent opened about 19 months before ``now``."""
    parent = _account(
        rng,
        sid=credentials.account_sid,
        token=credentials.auth_token,
        names=("Demo Account", "Demo Account Inc."),
        parent_sid=None,
        created_at=now - timedelta(days=570),
        services=len(MESSAGING_SERVICE_NAMES),
    )
    subaccount = _account(
        rng,
        sid=credentials.subaccount_sid,
        token=credentials.subaccount_auth_token,
        names=("Demo Subaccount", "Demo Subaccount LLC"),
        parent_sid=parent.sid,
        created_at=now - timedelta(days=500),
        services=0,
    )
    return parent, subaccount


def _account(
    rng: random.Random,
    *,
    sid: str,
    token: str,
    names: tuple[str, str],
    parent_sid: str | None,
    created_at: datetime,
    services: int,
) -> DemoAccount:
    return DemoAccount(
        sid=sid,
        friendly_name=names[0],
        customer_name=names[1],
        auth_token=token,
        parent_sid=parent_sid,
        created_at=created_at,
        address_sids={iso: random_sid(rng, "AD") for iso in ("US", "GB", "CA")},
        identity_sid=random_sid(rng, "RI"),
        application_sids=tuple(random_sid(rng, "AP") for _ in APPLICATION_NAMES),
        trunk_sids=tuple(random_sid(rng, "TK") for _ in TRUNK_NAMES),
        messaging_service_sids=tuple(random_sid(rng, "MG") for _ in range(services)),
    )


def account_row(account: DemoAccount, now: datetime) -> Row:
    """The accounts row; its balance is set once the ledger is written."""
    return {
        "sid": account.sid,
        "parent_sid": account.parent_sid,
        "friendly_name": account.friendly_name,
        "status": "ACTIVE",
        "type": "FULL",
        "auth_token_hash": hash_token(account.auth_token),
        "balance_minor": 0,
        "created_at": account.created_at,
        "updated_at": now,
    }


def address_rows(account: DemoAccount) -> list[Row]:
    book = SUBACCOUNT_ADDRESSES if account.parent_sid else PARENT_ADDRESSES
    return [
        {
            "sid": account.address_sids[iso],
            "account_sid": account.sid,
            "friendly_name": name,
            "customer_name": account.customer_name,
            "street": street,
            "city": city,
            "region": region,
            "postal_code": postal_code,
            "iso_country": iso,
            "created_at": account.created_at + timedelta(hours=1),
        }
        for name, street, city, region, postal_code, iso in book
    ]


def messaging_service_rows(account: DemoAccount) -> list[Row]:
    names = MESSAGING_SERVICE_NAMES
    return _named_rows(account, zip(account.messaging_service_sids, names, strict=False))


def application_rows(account: DemoAccount) -> list[Row]:
    return _named_rows(account, zip(account.application_sids, APPLICATION_NAMES, strict=True))


def trunk_rows(account: DemoAccount) -> list[Row]:
    return _named_rows(account, zip(account.trunk_sids, TRUNK_NAMES, strict=True))


def identity_document_rows(account: DemoAccount) -> list[Row]:
    """One verified document, bound to the numbers that require identity."""
    named = [(account.identity_sid, f"{account.customer_name} registration")]
    return [{**row, "status": "VERIFIED"} for row in _named_rows(account, named)]


def _named_rows(account: DemoAccount, named: Iterable[tuple[str, str]]) -> list[Row]:
    """Rows of the account-owned resources that have only a sid and a name."""
    created_at = account.created_at + timedelta(days=1)
    return [
        {"sid": sid, "account_sid": account.sid, "friendly_name": name, "created_at": created_at}
        for sid, name in named
    ]
