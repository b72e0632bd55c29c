"""Account, Address and MessagingService object types."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import AccountStatus, AccountType
from schema.types.common import DictBacked, Money, Node


@strawberry.type
class Account(DictBacked, Node):
    sid: str
    friendly_name: str
    status: AccountStatus
    type: AccountType
    is_subaccount: bool
    balance: Money
    created_at: datetime
    updated_at: datetime
    subaccounts: list[Account] = strawberry.field(
        description="This account's subaccounts (always empty for a subaccount)."
    )


@strawberry.type
class Address(DictBacked, Node):
    sid: str
    friendly_name: str
    customer_name: str
    street: str
    city: str
    region: str
    postal_code: str
    iso_country: str
    created_at: datetime


@strawberry.type
class MessagingService(DictBacked, Node):
    sid: str
    friendly_name: str
    created_at: datetime
