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
