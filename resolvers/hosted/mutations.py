"""The hosted-number mutations as use-cases: orders (create, verify, cancel) and letters of
authorization, for the viewer or one of its subaccounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import hosted_number_orders
from resolvers.core.usecases import Actor, NodeRef, Outcome, UseCase, node
from resolvers.core.visibility import visible_account_sid, visible_rows
from resolvers.hosted import documents, orders, verification

ACCOUNT_FIELD = ["input", "accountSid"]


@dataclass(frozen=True)
class CreateHostedNumberOrder(orders.NewHostedOrder):
    account_sid: str | None = None


@dataclass(frozen=True)
class StartHostedNumberVerification:
    sid: str
    call_delay: int = 0
    extension: str | None = None


@dataclass(frozen=True)
class ConfirmHostedNumberVerification:
    sid: str
    verification_code: str


@dataclass(frozen=True)
class CancelHostedNumberOrder:
    sid: str


@dataclass(frozen=True)
class CreateAuthorizationDocument(documents.NewAuthorizationDocument):
    account_sid: str | None = None


def _order(sid: str) -> Outcome:
    return Outcome(nodes={"hostedNumberOrder": node("HostedNumberOrder", sid)})


async def create_hosted_number_order(
    actor: Actor, conn: AsyncConnection, request: CreateHostedNumberOrder
) -> Outcome:
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    return _order(await orders.create_order(conn, owner, request, actor.now, actor.url_policy))


async def start_hosted_number_verification(
    actor: Actor, conn: AsyncConnection, request: StartHostedNumberVerification
) -> Outcome:
    visible = visible_rows(actor.viewer, hosted_number_orders)
    delay, extension = request.call_delay, request.extension
    sid = await verification.start_verification(
        conn, visible, request.sid, delay, extension, actor.now
    )
    return _order(sid)


async def confirm_hosted_number_verification(
    actor: Actor, conn: AsyncConnection, request: ConfirmHostedNumberVerification
) -> Outcome:
    """A wrong code is committed (it counts as an attempt), then reported."""
    visible = visible_rows(actor.viewer, hosted_number_orders)
    confirmed = await verification.confirm_verification(
        conn, visible, request.sid, request.verification_code, actor.now
    )
    return Outcome(
        nodes={"hostedNumberOrder": node("HostedNumberOrder", confirmed.sid)},
        refusal=confirmed.error,
    )


async def cancel_hosted_number_order(
    actor: Actor, conn: AsyncConnection, request: CancelHostedNumberOrder
) -> Outcome:
    visible = visible_rows(actor.viewer, hosted_number_orders)
    return _order(await orders.cancel_order(conn, visible, request.sid, actor.now))


async def create_authorization_document(
    actor: Actor, conn: AsyncConnection, request: CreateAuthorizationDocument
) -> Outcome:
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    created = await documents.create_document(conn, owner, request, actor.now)
    shown = {"signingUrl": created.signing_url}  # the token is stored hashed: shown only here
    document = NodeRef("AuthorizationDocument", created.sid, shown_once=shown)
    return Outcome(nodes={"authorizationDocument": document})


CREATE_HOSTED_NUMBER_ORDER = UseCase(
    "createHostedNumberOrder",
    create_hosted_number_order,
    (
        "NOT_FOUND",
        "INVALID_INPUT",
        "ACCOUNT_NOT_ACTIVE",
        "ADDRESS_REQUIRED",
        "HOSTED_ADDRESS_PO_BOX",
        "FRIENDLY_NAME_TOO_LONG",
        "INVALID_URL",
        "SMS_FALLBACK_WITHOUT_URL",
        "INVALID_APPLICATION",
        "HOSTED_UNSUPPORTED_COUNTRY",
        "HOSTED_NUMBER_NOT_HOSTABLE",
        "HOSTED_NUMBER_MESSAGING_ENABLED",
        "HOSTED_NUMBER_ALREADY_HOSTED",
    ),
)
START_HOSTED_NUMBER_VERIFICATION = UseCase(
    "startHostedNumberVerification",
    start_hosted_number_verification,
    (
        "NOT_FOUND",
        "INVALID_INPUT",
        "HOSTED_INVALID_EXTENSION",
        "HOSTED_ORDER_FINAL",
        "HOSTED_ORDER_NOT_VERIFIABLE",
        "HOSTED_TOO_MANY_ATTEMPTS",
    ),
)
CONFIRM_HOSTED_NUMBER_VERIFICATION = UseCase(
    "confirmHostedNumberVerification",
    confirm_hosted_number_verification,
    (
        "NOT_FOUND",
        "HOSTED_ORDER_FINAL",
        "HOSTED_ORDER_NOT_VERIFIABLE",
        "HOSTED_VERIFICATION_CALL_PENDING",
        "HOSTED_VERIFICATION_CODE_INVALID",
        "HOSTED_TOO_MANY_ATTEMPTS",
    ),
)
CANCEL_HOSTED_NUMBER_ORDER = UseCase(
    "cancelHostedNumberOrder",
    cancel_hosted_number_order,
    ("NOT_FOUND", "HOSTED_ORDER_FINAL"),
)
CREATE_AUTHORIZATION_DOCUMENT = UseCase(
    "createAuthorizationDocument",
    create_authorization_document,
    ("NOT_FOUND", "INVALID_INPUT", "HOSTED_INVALID_ORDER_SIDS", "HOSTED_ADDRESS_MISMATCH"),
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (
    CREATE_HOSTED_NUMBER_ORDER,
    START_HOSTED_NUMBER_VERIFICATION,
    CONFIRM_HOSTED_NUMBER_VERIFICATION,
    CANCEL_HOSTED_NUMBER_ORDER,
    CREATE_AUTHORIZATION_DOCUMENT,
)
