"""The enums of API.md: the resolvers' own enums, wrapped under their API names.

Each enum is defined once, in ``resolvers/`` next to its rules, and its values are the names
the tables store; this module only gives each its GraphQL name and description (the names
are promised to clients, so they are spelled out here rather than taken from the classes).
Schema modules import the enums from here, so the wrapping has happened before they are used.
"""

from __future__ import annotations

import strawberry

from resolvers.accounts.resources import IdentityDocumentStatus
from resolvers.active_numbers.ordering import ActiveNumberOrderField
from resolvers.activity.records import ActivityDirection, ActivityKind, ActivityStatus
from resolvers.billing.ledger import TransactionKind
from resolvers.catalog.lookup import LineType
from resolvers.core.enums import (
    AccountStatus,
    AccountType,
    ActiveNumberStatus,
    AddressRequirement,
    BillingStatus,
    EmergencyStatus,
    HttpMethod,
    IdPreservation,
    NumberLifecycle,
    NumberOrigin,
    NumberType,
    OrderDirection,
    Reachability,
    ReceiveMode,
    ReservationStatus,
)
from resolvers.core.errors import ErrorCode
from resolvers.events.outbox import WebhookDeliveryStatus
from resolvers.hosted.documents import AuthorizationDocumentStatus
from resolvers.hosted.statuses import HostedNumberOrderStatus
from resolvers.orders.statuses import NumberOrderLineStatus, NumberOrderStatus

__all__ = [
    "AccountStatus",
    "AccountType",
    "ActiveNumberOrderField",
    "ActiveNumberStatus",
    "ActivityDirection",
    "ActivityKind",
    "ActivityStatus",
    "AddressRequirement",
    "AuthorizationDocumentStatus",
    "BillingStatus",
    "EmergencyStatus",
    "ErrorCode",
    "HostedNumberOrderStatus",
    "HttpMethod",
    "IdPreservation",
    "IdentityDocumentStatus",
    "LineType",
    "NumberLifecycle",
    "NumberOrderLineStatus",
    "NumberOrderStatus",
    "NumberOrigin",
    "NumberType",
    "OrderDirection",
    "Reachability",
    "ReceiveMode",
    "ReservationStatus",
    "TransactionKind",
    "WebhookDeliveryStatus",
]

strawberry.enum(NumberType, name="NumberType")
strawberry.enum(NumberLifecycle, name="NumberLifecycle")
strawberry.enum(NumberOrigin, name="NumberOrigin")
strawberry.enum(
    ActiveNumberStatus,
    name="ActiveNumberStatus",
    description="IN_USE, or RELEASED but still restorable by its last owner",
)
strawberry.enum(
    BillingStatus,
    name="BillingStatus",
    description="CURRENT, or PAST_DUE while the account is suspended for nonpayment",
)
strawberry.enum(Reachability, name="Reachability")
strawberry.enum(IdPreservation, name="IdPreservation")
strawberry.enum(AddressRequirement, name="AddressRequirement")
strawberry.enum(HttpMethod, name="HttpMethod")
strawberry.enum(EmergencyStatus, name="EmergencyStatus")
strawberry.enum(ReceiveMode, name="ReceiveMode")
strawberry.enum(AccountStatus, name="AccountStatus")
strawberry.enum(AccountType, name="AccountType")
strawberry.enum(ActiveNumberOrderField, name="ActiveNumberOrderField")
strawberry.enum(OrderDirection, name="OrderDirection")
strawberry.enum(IdentityDocumentStatus, name="IdentityDocumentStatus")
strawberry.enum(TransactionKind, name="TransactionKind")
strawberry.enum(LineType, name="LineType", description="The kind of line a number is.")
strawberry.enum(WebhookDeliveryStatus, name="WebhookDeliveryStatus")
strawberry.enum(
    ErrorCode,
    name="ErrorCode",
    description="Why a mutation was refused; twilioCode carries Twilio's number.",
)
strawberry.enum(
    HostedNumberOrderStatus,
    name="HostedNumberOrderStatus",
    description="Where a hosted number order is; COMPLETED, FAILED and CANCELED are final.",
)
strawberry.enum(
    AuthorizationDocumentStatus,
    name="AuthorizationDocumentStatus",
    description="Where a letter of authorization is.",
)
strawberry.enum(ActivityKind, name="ActivityKind")
strawberry.enum(
    ReservationStatus,
    name="ReservationStatus",
    description="HELD for the account until heldUntil, or REFUSED (see code).",
)
strawberry.enum(
    NumberOrderStatus,
    name="NumberOrderStatus",
    description="COMPLETED: every number bought. PARTIAL (allowPartial): some refused. "
    "FAILED (allowPartial): every number refused, nothing charged.",
)
strawberry.enum(
    NumberOrderLineStatus,
    name="NumberOrderLineStatus",
    description="One number of an order: PURCHASED, or REFUSED (see code).",
)
strawberry.enum(ActivityDirection, name="ActivityDirection")
strawberry.enum(
    ActivityStatus,
    name="ActivityStatus",
    description="Calls: COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED. Messages: SENT, "
    "DELIVERED, READ, UNDELIVERED, FAILED (outbound), RECEIVED (inbound).",
)
