"""purchasePhoneNumber: claim, charge and assign, each write its own rule's guard.

Everything happens in the caller's transaction, and a purchase that succeeds issues writes
only (issue 12 item 5: five statements, the write lock held for them alone): the number is
claimed by a conditional update that returns its catalog row (for sale, not held by another
account's reservation); the setup fee plus the first month are debited by a conditional update
that also requires the account ACTIVE and returns its type and fraud flag; the ledger entry,
the owned row (for a TRIAL account, inserted only while it holds no number) and the event are
inserted. The address, identity and configuration rules read only when the request or the
number asks for them.

A refusal raises and the transaction rolls back: nothing changes. It names the first rule
broken in REFERENCE.md order: the account's own rules (ACTIVE, the trial limit) come before the
number's, so a refused purchase reads the account before it reports (``_refusal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import func, literal, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing import ledger
from resolvers.billing.churn import check_after_purchase
from resolvers.billing.cycles import add_month
from resolvers.catalog.availability import available_for_sale
from resolvers.core.errors import GatewayError, InvalidInput
from resolvers.core.phone import national_format
from resolvers.core.request_rules import DEFAULT_CHURN, ChurnPolicy
from resolvers.core.sids import new_sid
from resolvers.core.tables import accounts, owned_numbers
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.unchanged import UNCHANGED
from resolvers.core.url_policy import UrlPolicy
from resolvers.events.outbox import record_event
from resolvers.provisioning.configuration import (
    ConfigurationChange,
    VoiceChange,
    configuration_columns,
)
from resolvers.provisioning.inventory import claim
from resolvers.provisioning.regulatory import required_address, required_identity

AREA_CODE_COUNTRIES = ("US", "CA")
CANDIDATES_PER_AREA_CODE = 8
INPUT = ["input"]


@dataclass(frozen=True)
class PurchaseRequest:
    phone_number: str | None = None
    area_code: str | None = None
    iso_country: str = "US"
    type: str = "LOCAL"
    friendly_name: str | None = None
    configuration: ConfigurationChange | None = None
    address_sid: str | None = None
    identity_sid: str | None = None
    trunk_sid: str | None = None


@dataclass(frozen=True)
class Purchased:
    number_sid: str
    transaction_sid: str
    phone_number: str = ""
    setup_fee_minor: int = 0  # what the purchase charged: the setup fee and the first month
    monthly_fee_minor: int = 0


async def active_account(conn: AsyncConnection, account_sid: str) -> Row[Any]:
    """The account row, locked for this transaction on PostgreSQL; ACTIVE or refused [20005]."""
    row = (
        await conn.execute(select(accounts).where(accounts.c.sid == account_sid).with_for_update())
    ).one()
    if row.status != "ACTIVE":
        raise GatewayError(
            f"account {account_sid} is {row.status}, not ACTIVE",
            field=[*INPUT, "accountSid"],
            code="ACCOUNT_NOT_ACTIVE",
        )
    return row


async def check_trial_limit(
    conn: AsyncConnection, account: Row[Any], field: list[str] | None = None
) -> None:
    """A TRIAL account holds at most one number in use [21404] (bought or transferred in)."""
    if account.type != "TRIAL":
        return
    held = await conn.scalar(
        select(func.count()).where(
            owned_numbers.c.account_sid == account.sid, owned_numbers.c.status == "IN_USE"
        )
    )
    if held:
        raise trial_limit_reached(field)


async def purchase(
    conn: AsyncConnection,
    account_sid: str,
    request: PurchaseRequest,
    now: datetime,
    policy: UrlPolicy,
    churn: ChurnPolicy = DEFAULT_CHURN,
) -> Purchased:
    """Buy for ``account_sid``; ``policy`` says where the configuration's URLs may point.
    A flagged account's purchase is checked for churn at once (``churn`` thresholds)."""
    try:
        return await _buy(conn, account_sid, request, now, policy, churn)
    except GatewayError:
        await _account_refusal(conn, account_sid)
        raise


async def _account_refusal(conn: AsyncConnection, account_sid: str) -> None:
    """Raise the account's own refusal, when it has one: it comes first (REFERENCE.md)."""
    account = await active_account(conn, account_sid)
    await check_trial_limit(conn, account)


async def _buy(
    conn: AsyncConnection,
    account_sid: str,
    request: PurchaseRequest,
    now: datetime,
    policy: UrlPolicy,
    churn: ChurnPolicy,
) -> Purchased:
    number = await _claim_number(conn, request, now, account_sid)
    bindings = await _bindings(conn, account_sid, number, request, policy)
    sid = new_sid("PN")
    charge = number.setup_fee_minor + number.monthly_fee_minor
    entry = ledger.Entry(
        account_sid, ledger.PURCHASE, -charge, f"purchase of {number.phone_number}", sid
    )
    debited = await ledger.debit_active(conn, entry, now)
    if debited is None:  # not ACTIVE, or cannot pay: ``purchase`` tells which
        raise ledger.insufficient(charge)
    transaction_sid, account = debited
    row = {
        "sid": sid,
        "account_sid": account_sid,
        "phone_number": number.phone_number,
        "friendly_name": national_format(number.phone_number),
        "origin": "PURCHASED",
        "status": "IN_USE",
        "setup_fee_minor": number.setup_fee_minor,
        "monthly_fee_minor": number.monthly_fee_minor,
        "purchased_at": now,
        "next_billing_date": add_month(now),
        "created_at": now,
        "updated_at": now,
    }
    await _assign(conn, {**row, **bindings}, trial=account.type == "TRIAL")
    await record_event(
        conn,
        account_sid=account_sid,
        kind="PURCHASED",
        node_type="ActiveNumber",
        node_sid=sid,
        now=now,
        data={"phoneNumber": number.phone_number, "transactionSid": transaction_sid},
        callback_url=bindings.get("status_callback"),
        callback_method=bindings.get("status_callback_method"),
        callback_known=True,
    )
    await check_after_purchase(conn, account_sid, account.fraud_flagged_at, now, churn)
    return Purchased(
        sid, transaction_sid, number.phone_number, number.setup_fee_minor, number.monthly_fee_minor
    )


async def _assign(conn: AsyncConnection, row: dict[str, Any], trial: bool) -> None:
    """Insert the owned row; a TRIAL account's only while it holds no number in use [21404].

    The guard is part of the insert, after the debit has locked the account row (PostgreSQL),
    so of two concurrent purchases of one trial account the second sees the first's number.
    """
    if not trial:
        await conn.execute(_OWNED_INSERT, row)  # kept: its values bound
        return
    holding = (
        select(owned_numbers.c.sid)
        .where(
            owned_numbers.c.account_sid == row["account_sid"],
            owned_numbers.c.status == "IN_USE",
        )
        .exists()
    )
    values = select(
        *(literal(value, owned_numbers.c[name].type).label(name) for name, value in row.items())
    ).where(~holding)
    inserted = await conn.execute(owned_numbers.insert().from_select(list(row), values))
    if inserted.rowcount != 1:
        raise trial_limit_reached()


_OWNED_INSERT = owned_numbers.insert()


def trial_limit_reached(field: list[str] | None = None) -> GatewayError:
    return GatewayError(
        "a trial account may hold one number at a time; upgrade to buy more",
        field=field,
        code="TRIAL_ACCOUNT_LIMIT",
    )


async def _bindings(
    conn: AsyncConnection,
    account_sid: str,
    number: Row[Any],
    request: PurchaseRequest,
    policy: UrlPolicy,
) -> dict[str, Any]:
    """Address, identity, trunk and configuration columns, each rule checked."""
    values: dict[str, Any] = {
        "address_sid": await required_address(
            conn,
            account_sid,
            number.address_requirements,
            number.iso_country,
            request.address_sid,
            [*INPUT, "addressSid"],
        ),
        "identity_sid": await required_identity(
            conn,
            account_sid,
            number.identity_required,
            request.identity_sid,
            [*INPUT, "identitySid"],
        ),
    }
    number_row = dict(number._mapping)
    if request.configuration is not None:
        values |= await configuration_columns(
            conn,
            account_sid=account_sid,
            number=number_row,
            current={},
            change=request.configuration,
            field=[*INPUT, "configuration"],
            policy=policy,
        )
    top_level = ConfigurationChange(
        friendly_name=request.friendly_name if request.friendly_name is not None else UNCHANGED,
        voice=VoiceChange(trunk_sid=request.trunk_sid) if request.trunk_sid else None,
    )
    values |= await configuration_columns(
        conn,
        account_sid=account_sid,
        number=number_row,
        current=values,
        change=top_level,
        field=INPUT,
        policy=policy,
    )
    return values


async def _claim_number(
    conn: AsyncConnection, request: PurchaseRequest, now: datetime, holder: str
) -> Row[Any]:
    if (request.phone_number is None) == (request.area_code is None):
        raise InvalidInput(
            "pass exactly one of phoneNumber and areaCode", field=[*INPUT, "phoneNumber"]
        )
    if request.phone_number is not None:
        candidates = [_parse_number(request.phone_number)]
    else:
        candidates = await _area_code_candidates(conn, request, now, holder)
    for phone_number in candidates:
        claimed = await claim(conn, phone_number, now, holder)
        if claimed is not None:
            return claimed
    if request.phone_number is not None:
        raise GatewayError(
            f"{candidates[0]} is not available for purchase",
            field=[*INPUT, "phoneNumber"],
            code="NUMBER_NOT_AVAILABLE",
        )
    raise GatewayError(
        f"no {request.type} numbers are left in area code {request.area_code}",
        field=[*INPUT, "areaCode"],
        code="NO_NUMBERS_IN_AREA_CODE",
    )


def _parse_number(value: str) -> str:
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise GatewayError(
            f"{value!r} is not a valid E.164 phone number",
            field=[*INPUT, "phoneNumber"],
            code="INVALID_PHONE_NUMBER",
        )
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


async def _area_code_candidates(
    conn: AsyncConnection, request: PurchaseRequest, now: datetime, holder: str
) -> list[str]:
    """Numbers of the area code for sale to ``holder`` (its own holds included)."""
    area_code, country = request.area_code or "", request.iso_country.upper()
    if country not in AREA_CODE_COUNTRIES or not _is_area_code(area_code, country):
        raise GatewayError(
            f"{area_code!r} is not an area code of {country} (3 digits; US and CA only)",
            field=[*INPUT, "areaCode"],
            code="INVALID_AREA_CODE",
        )
    rows = await conn.execute(
        select(c.c.phone_number)
        .where(
            c.c.phone_number.like(f"+1{area_code}%"),
            c.c.iso_country == country,
            c.c.type == request.type,
            available_for_sale(now, holder),
        )
        .order_by(c.c.phone_number)
        .limit(CANDIDATES_PER_AREA_CODE)
    )
    return [str(row[0]) for row in rows]


def _is_area_code(area_code: str, country: str) -> bool:
    if len(area_code) != 3 or not area_code.isdigit():
        return False
    sample = phonenumbers.parse(f"+1{area_code}2345678", None)
    return bool(
        phonenumbers.is_valid_number(sample)
        and phonenumbers.region_code_for_number(sample) == country
    )
