"""Inputs of the hosted-number mutations."""

from __future__ import annotations

import strawberry

from resolvers.hosted.mutations import (
    CancelHostedNumberOrder,
    ConfirmHostedNumberVerification,
    CreateAuthorizationDocument,
    CreateHostedNumberOrder,
    StartHostedNumberVerification,
)
from schema.enums import HttpMethod
from schema.inputs.numbers import MessagingConfigurationInput
from schema.plain_targets import converts_to


@converts_to(CreateHostedNumberOrder)
@strawberry.input
class CreateHostedNumberOrderInput:
    phone_number: str = strawberry.field(description="E.164; a US or CA landline or toll-free.")
    address_sid: str | None = strawberry.field(
        default=None,
        description="Your address where the number is served (default: your oldest address).",
    )
    email: str = strawberry.field(description="Where the letter of authorization is sent.")
    cc_emails: list[str] | None = None
    contact_phone_number: str | None = None
    contact_title: str | None = None
    friendly_name: str | None = strawberry.field(
        default=None, description="At most 64 characters; default: the national format."
    )
    sms: MessagingConfigurationInput | None = strawberry.field(
        default=None, description="SMS routing for the number once hosted."
    )
    status_callback_url: str | None = strawberry.field(
        default=None, description="Receives every status change of the order."
    )
    status_callback_method: HttpMethod | None = None
    account_sid: str | None = strawberry.field(
        default=None, description="Order for this subaccount (default: you)."
    )


@converts_to(StartHostedNumberVerification)
@strawberry.input
class StartHostedNumberVerificationInput:
    sid: str
    call_delay: int = strawberry.field(default=0, description="Seconds before the call: 0-60.")
    extension: str | None = strawberry.field(
        default=None, description="Dialed after answer: digits, #, * and w (half a second)."
    )


@converts_to(ConfirmHostedNumberVerification)
@strawberry.input
class ConfirmHostedNumberVerificationInput:
    sid: str
    verification_code: str = strawberry.field(description="The code the verification call played.")


@converts_to(CreateAuthorizationDocument)
@strawberry.input
class CreateAuthorizationDocumentInput:
    hosted_number_order_sids: list[str] = strawberry.field(
        description="1 to 15,000 orders in PENDING_LOA, all at addressSid."
    )
    address_sid: str
    email: str
    cc_emails: list[str] | None = None
    contact_title: str | None = None
    contact_phone_number: str | None = None
    account_sid: str | None = strawberry.field(
        default=None, description="The subaccount whose orders these are (default: you)."
    )


@converts_to(CancelHostedNumberOrder)
@strawberry.input
class CancelHostedNumberOrderInput:
    sid: str
