"""The closed vocabularies of numbers and accounts, defined once for storage and the API.

Each member's value is its name, the string the tables store; members are ``str`` themselves
(``StrEnum``), so a member can be compared with a stored value or written to a column as it is.
The schema wraps these classes as its GraphQL enums (``schema.enums``); the order of the members
is the order the API lists them in. Enums whose rules live in one domain package are defined
there (hosted statuses, activity, ledger kinds, line types, error codes, orderings).
"""

from __future__ import annotations

from enum import StrEnum


class NumberType(StrEnum):
    LOCAL = "LOCAL"
    MOBILE = "MOBILE"
    TOLLFREE = "TOLLFREE"
    NATIONAL = "NATIONAL"
    VOIP = "VOIP"
    SHARED_COST = "SHARED_COST"
    MACHINE_TO_MACHINE = "MACHINE_TO_MACHINE"
    SHORTCODE = "SHORTCODE"


class NumberLifecycle(StrEnum):
    DEVELOPER_PREVIEW = "DEVELOPER_PREVIEW"
    PRIVATE_OFFERING = "PRIVATE_OFFERING"
    BETA = "BETA"
    GENERALLY_AVAILABLE = "GENERALLY_AVAILABLE"
    EXHAUSTED = "EXHAUSTED"


class NumberOrigin(StrEnum):
    PURCHASED = "PURCHASED"
    HOSTED = "HOSTED"
    PORTED = "PORTED"


class ActiveNumberStatus(StrEnum):
    IN_USE = "IN_USE"
    RELEASED = "RELEASED"


class BillingStatus(StrEnum):
    CURRENT = "CURRENT"
    PAST_DUE = "PAST_DUE"


class Reachability(StrEnum):
    DOMESTIC = "DOMESTIC"
    FOREIGN = "FOREIGN"
    GLOBAL = "GLOBAL"


class IdPreservation(StrEnum):
    INTERNATIONAL = "INTERNATIONAL"
    DOMESTIC = "DOMESTIC"
    NONE = "NONE"


class AddressRequirement(StrEnum):
    NONE = "NONE"
    ANY = "ANY"
    LOCAL = "LOCAL"
    FOREIGN = "FOREIGN"


class HttpMethod(StrEnum):
    GET = "GET"
    POST = "POST"


class EmergencyStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class ReceiveMode(StrEnum):
    VOICE = "VOICE"
    FAX = "FAX"


class AccountStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    CLOSED = "CLOSED"


class AccountType(StrEnum):
    TRIAL = "TRIAL"
    FULL = "FULL"


class OrderDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


class ReservationStatus(StrEnum):
    HELD = "HELD"
    REFUSED = "REFUSED"


class EventKind(StrEnum):
    """Every kind of event the outbox records (``number_events.kind``; ``numberEvents(kind:)``
    takes these names). The API keeps ``kind`` a String, so a new kind is not a schema break."""

    PURCHASED = "PURCHASED"
    CONFIGURED = "CONFIGURED"
    RELEASED = "RELEASED"
    RESTORED = "RESTORED"
    TRANSFERRED = "TRANSFERRED"  # the new owner's event
    TRANSFERRED_AWAY = "TRANSFERRED_AWAY"  # the old owner's event
    RENEWED = "RENEWED"
    RESTORE_WINDOW_EXPIRED = "RESTORE_WINDOW_EXPIRED"
    RECLAIM_WARNING = "RECLAIM_WARNING"
    RECLAIM_CANCELED = "RECLAIM_CANCELED"
    RECLAIMED = "RECLAIMED"
    HOSTED_ORDER_STATUS_CHANGED = "HOSTED_ORDER_STATUS_CHANGED"
    ACCOUNT_FLAGGED = "ACCOUNT_FLAGGED"
    ACCOUNT_SUSPENDED = "ACCOUNT_SUSPENDED"
    ACCOUNT_REACTIVATED = "ACCOUNT_REACTIVATED"
    ACCOUNT_CLOSED = "ACCOUNT_CLOSED"
    SUBACCOUNT_CREATED = "SUBACCOUNT_CREATED"  # the parent's event
    FUNDS_ADDED = "FUNDS_ADDED"
    MESSAGING_SERVICE_NUMBER_ADDED = "MESSAGING_SERVICE_NUMBER_ADDED"
    MESSAGING_SERVICE_NUMBER_REMOVED = "MESSAGING_SERVICE_NUMBER_REMOVED"
    RESERVED = "RESERVED"  # a catalog number held for the account (resolvers/reservations)
    RESERVATION_EXTENDED = "RESERVATION_EXTENDED"
    RESERVATION_RELEASED = "RESERVATION_RELEASED"
