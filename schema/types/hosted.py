"""HostedNumberOrder and AuthorizationDocument (API.md; REFERENCE.md "Hosted numbers")."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import (
    AuthorizationDocumentStatus,
    HostedNumberOrderStatus,
    HttpMethod,
    LineType,
)
from schema.types.active_number import MessagingConfiguration
from schema.types.common import DictBacked, Node, PageInfo


@strawberry.type(
    description="The simulated ownership call. This gateway has no telephone network, so what "
    "the call plays is shown here as `code`, to the order's account only, once the call has "
    "reached the number (calledAt); type it back with confirmHostedNumberVerification."
)
class VerificationCall:
    called_at: datetime = strawberry.field(
        description="When the call reaches the number: after callDelay and the extension's waits."
    )
    call_delay: int
    extension: str | None
    code: str | None = strawberry.field(
        description="The 6 digits the call plays: null until the call reaches the number "
        "(calledAt), and once the order is verified."
    )
    call_count: int = strawberry.field(description="Calls made so far (at most 5).")


@strawberry.type(description="A request to host (bring for SMS) a number owned elsewhere.")
class HostedNumberOrder(DictBacked, Node):
    sid: str
    account_sid: str
    phone_number: str
    friendly_name: str
    iso_country: str
    line_type: LineType
    status: HostedNumberOrderStatus
    failure_reason: str | None = strawberry.field(
        description="Why the order is FAILED, CANCELED or ACTION_REQUIRED."
    )
    address_sid: str
    email: str
    cc_emails: list[str]
    contact_phone_number: str | None
    contact_title: str | None
    sms_configuration: MessagingConfiguration = strawberry.field(
        description="The SMS routing the number gets when the order completes."
    )
    status_callback_url: str | None = strawberry.field(
        description="Receives every status change of the order."
    )
    status_callback_method: HttpMethod
    verification_call: VerificationCall | None = strawberry.field(
        description="The last verification call; null before the first."
    )
    verification_attempts: int = strawberry.field(description="Wrong codes entered (at most 5).")
    authorization_document_sid: str | None
    active_number_sid: str | None = strawberry.field(
        description="The ActiveNumber (origin HOSTED) once COMPLETED."
    )
    deadline_at: datetime | None = strawberry.field(
        description="When the current step times out (verification or letter: 7 days) or, "
        "in CARRIER_PROCESSING, when the carrier is due to finish."
    )
    created_at: datetime
    updated_at: datetime


@strawberry.type(description="A letter of authorization covering 1 to 15,000 hosted orders.")
class AuthorizationDocument(DictBacked, Node):
    sid: str
    account_sid: str
    address_sid: str
    status: AuthorizationDocumentStatus
    email: str
    cc_emails: list[str]
    contact_title: str | None
    contact_phone_number: str | None
    order_count: int
    signer_name: str | None
    signed_at: datetime | None
    failure_reason: str | None
    expires_at: datetime = strawberry.field(description="Sign before this (7 days).")
    signing_url: str | None = strawberry.field(
        description="The signing page, a path on this gateway (/sign/<token>). Shown once, in "
        "createAuthorizationDocument's payload; the token is stored only hashed."
    )
    created_at: datetime
    updated_at: datetime


@strawberry.type
class HostedNumberOrderEdge:
    cursor: str
    node: HostedNumberOrder


@strawberry.type
class HostedNumberOrderConnection:
    edges: list[HostedNumberOrderEdge]
    nodes: list[HostedNumberOrder]
    page_info: PageInfo
    total_count: int


@strawberry.type
class AuthorizationDocumentEdge:
    cursor: str
    node: AuthorizationDocument


@strawberry.type
class AuthorizationDocumentConnection:
    edges: list[AuthorizationDocumentEdge]
    nodes: list[AuthorizationDocument]
    page_info: PageInfo
    total_count: int
