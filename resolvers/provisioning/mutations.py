"""The number mutations as use-cases: purchase, configure, release, restore and transfer.

Each authorizes through ``resolvers.core.visibility`` (an ``accountSid`` names the viewer or
one of its subaccounts; a number sid must be one of theirs) and then runs its domain function
in the use-case's transaction. Purchase, release and restore move money: they take an
idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import owned_numbers as o
from resolvers.core.usecases import Actor, Outcome, UseCase, node
from resolvers.core.visibility import Viewer, visible_account_sid, visible_rows
from resolvers.provisioning import release as releasing
from resolvers.provisioning.configure import ConfigureRequest, configure
from resolvers.provisioning.purchase import PurchaseRequest, purchase
from resolvers.provisioning.transfer import transfer

ACCOUNT_FIELD = ["input", "accountSid"]
CONFIGURATION_CODES = (
    "FRIENDLY_NAME_TOO_LONG",
    "INVALID_URL",
    "FALLBACK_WITHOUT_URL",
    "SMS_FALLBACK_WITHOUT_URL",
    "SMS_NOT_SUPPORTED",
    "INVALID_APPLICATION",
)
ADDRESS_CODES = ("ADDRESS_REQUIRED", "LOCAL_ADDRESS_REQUIRED", "FOREIGN_ADDRESS_REQUIRED")


@dataclass(frozen=True)
class PurchasePhoneNumber(PurchaseRequest):
    account_sid: str | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, kw_only=True)
class ConfigurePhoneNumber(ConfigureRequest):
    sid: str
    account_sid: str | None = None


@dataclass(frozen=True)
class ReleasePhoneNumber:
    sid: str
    idempotency_key: str | None = None


@dataclass(frozen=True)
class RestorePhoneNumber:
    phone_number: str
    account_sid: str | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class TransferPhoneNumber:
    sid: str
    account_sid: str


def _number_and_charge(number_sid: str, charge_sid: str) -> Outcome:
    """The payload of a purchase or a restore: the number and what it cost."""
    return Outcome(
        nodes={
            "activeNumber": node("ActiveNumber", number_sid),
            "charge": node("Transaction", charge_sid),
        }
    )


async def purchase_phone_number(
    actor: Actor, conn: AsyncConnection, request: PurchasePhoneNumber
) -> Outcome:
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    bought = await purchase(conn, owner, request, actor.now, actor.url_policy, actor.rules.churn)
    return _number_and_charge(bought.number_sid, bought.transaction_sid)


async def _number_owners(
    conn: AsyncConnection, viewer: Viewer, account_sid: str | None
) -> ColumnElement[bool]:
    """Whose numbers a request may configure: the named account, else the viewer's family."""
    if account_sid is None:
        return visible_rows(viewer, o)
    owner = await visible_account_sid(conn, viewer, account_sid, ACCOUNT_FIELD)
    return o.c.account_sid == owner


async def configure_phone_number(
    actor: Actor, conn: AsyncConnection, request: ConfigurePhoneNumber
) -> Outcome:
    owners = await _number_owners(conn, actor.viewer, request.account_sid)
    sid = await configure(conn, owners, request.sid, request, actor.now, actor.url_policy)
    return Outcome(nodes={"activeNumber": node("ActiveNumber", sid)})


async def release_phone_number(
    actor: Actor, conn: AsyncConnection, request: ReleasePhoneNumber
) -> Outcome:
    owners = visible_rows(actor.viewer, o)
    released = await releasing.release(
        conn, owners, request.sid, actor.now, actor.rules.aging_period
    )
    return Outcome(
        nodes={
            "releasedNumber": node("ReleasedNumber", released.number_sid),
            "refund": node("Transaction", released.transaction_sid),
        }
    )


async def restore_phone_number(
    actor: Actor, conn: AsyncConnection, request: RestorePhoneNumber
) -> Outcome:
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    restored = await releasing.restore(conn, owner, request.phone_number, actor.now)
    return _number_and_charge(restored.number_sid, restored.transaction_sid)


async def transfer_phone_number(
    actor: Actor, conn: AsyncConnection, request: TransferPhoneNumber
) -> Outcome:
    sid = await transfer(conn, actor.viewer, request.sid, request.account_sid, actor.now)
    return Outcome(nodes={"activeNumber": node("ActiveNumber", sid)})


PURCHASE_PHONE_NUMBER = UseCase(
    "purchasePhoneNumber",
    purchase_phone_number,
    (
        "NOT_FOUND",
        "INVALID_INPUT",
        "ACCOUNT_NOT_ACTIVE",
        "TRIAL_ACCOUNT_LIMIT",
        "INVALID_PHONE_NUMBER",
        "NUMBER_NOT_AVAILABLE",
        "INVALID_AREA_CODE",
        "NO_NUMBERS_IN_AREA_CODE",
        *ADDRESS_CODES,
        "IDENTITY_DOCUMENT_REQUIRED",
        "INSUFFICIENT_BALANCE",
        *CONFIGURATION_CODES,
    ),
    idempotent=True,
)
CONFIGURE_PHONE_NUMBER = UseCase(
    "configurePhoneNumber",
    configure_phone_number,
    (
        "NOT_FOUND",
        "INVALID_INPUT",
        *CONFIGURATION_CODES,
        *ADDRESS_CODES,
        "IDENTITY_DOCUMENT_REQUIRED",
    ),
)
RELEASE_PHONE_NUMBER = UseCase(
    "releasePhoneNumber",
    release_phone_number,
    ("NOT_FOUND", "EMERGENCY_ADDRESS_ACTIVE"),
    idempotent=True,
)
RESTORE_PHONE_NUMBER = UseCase(
    "restorePhoneNumber",
    restore_phone_number,
    (
        "NOT_FOUND",
        "INVALID_INPUT",
        "RESTORE_WINDOW_EXPIRED",
        "ACCOUNT_NOT_ACTIVE",
        "TRIAL_ACCOUNT_LIMIT",
        "INSUFFICIENT_BALANCE",
        "NUMBER_NOT_AVAILABLE",
    ),
    idempotent=True,
)
TRANSFER_PHONE_NUMBER = UseCase(
    "transferPhoneNumber",
    transfer_phone_number,
    (
        "NOT_FOUND",
        "TRANSFER_NOT_PARENT",
        "TRANSFER_TARGET_INVALID",
        "TRANSFER_NOT_RELATED",
        "TRANSFER_TARGET_INACTIVE",
        "TRANSFER_ADDRESS_REQUIRED",
        "IDENTITY_DOCUMENT_REQUIRED",
        "TRIAL_ACCOUNT_LIMIT",
        "HOSTED_NUMBER_NOT_IN_USE",
    ),
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (
    PURCHASE_PHONE_NUMBER,
    CONFIGURE_PHONE_NUMBER,
    RELEASE_PHONE_NUMBER,
    RESTORE_PHONE_NUMBER,
    TRANSFER_PHONE_NUMBER,
)
