"""The enums of API.md. Values equal names: that is how the tables store them."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class NumberType(Enum):
    LOCAL = "LOCAL"
    MOBILE = "MOBILE"
    TOLLFREE = "TOLLFREE"
    NATIONAL = "NATIONAL"
    VOIP = "VOIP"
    SHARED_COST = "SHARED_COST"
    MACHINE_TO_MACHINE = "MACHINE_TO_MACHINE"
    SHORTCODE = "SHORTCODE"


@strawberry.enum
class NumberLifecycle(Enum):
    DEVELOPER_PREVIEW = "DEVELOPER_PREVIEW"
    PRIVATE_OFFERING = "PRIVATE_OFFERING"
    BETA = "BETA"
    GENERALLY_AVAILABLE = "GENERALLY_AVAILABLE"
    EXHAUSTED = "EXHAUSTED"


@strawberry.enum
class NumberOrigin(Enum):
    PURCHASED = "PURCHASED"
    HOSTED = "HOSTED"
    PORTED = "PORTED"


@strawberry.enum(description="IN_USE, or RELEASED but still restorable by its last owner")
class ActiveNumberStatus(Enum):
    IN_USE = "IN_USE"
    RELEASED = "RELEASED"


@strawberry.enum(description="CURRENT, or PAST_DUE while the account is suspended for nonpayment")
class BillingStatus(Enum):
    CURRENT = "CURRENT"
    PAST_DUE = "PAST_DUE"


@strawberry.enum
class Reachability(Enum):
    DOMESTIC = "DOMESTIC"
    FOREIGN = "FOREIGN"
    GLOBAL = "GLOBAL"


@strawberry.enum
class IdPreservation(Enum):
    INTERNATIONAL = "INTERNATIONAL"
    DOMESTIC = "DOMESTIC"
    NONE = "NONE"


@strawberry.enum
class AddressRequirement(Enum):
    NONE = "NONE"
    ANY = "ANY"
    LOCAL = "LOCAL"
    FOREIGN = "FOREIGN"


@strawberry.enum
class HttpMethod(Enum):
    GET = "GET"
    POST = "POST"


@strawberry.enum
class EmergencyStatus(Enum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


@strawberry.enum
class ReceiveMode(Enum):
    VOICE = "VOICE"
    FAX = "FAX"


@strawberry.enum
class AccountStatus(Enum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    CLOSED = "CLOSED"


@strawberry.enum
class AccountType(Enum):
    TRIAL = "TRIAL"
    FULL = "FULL"


@strawberry.enum
class ActiveNumberOrderField(Enum):
    PHONE_NUMBER = "PHONE_NUMBER"
    FRIENDLY_NAME = "FRIENDLY_NAME"
    PURCHASED_AT = "PURCHASED_AT"
    NEXT_BILLING_DATE = "NEXT_BILLING_DATE"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"
