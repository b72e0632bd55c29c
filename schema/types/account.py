"""Account, Address and MessagingService object types."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import AccountStatus, AccountType
from schema.queries.transactions import account_transactions
from schema.types.common import DictBacked, Money, Node
from schema.types.transactions import TransactionConnection


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
    flagged_for_fraud: bool = strawberry.field(
        description="Flagged for repeatedly releasing numbers and buying new ones."
    )
    fraud_flagged_at: datetime | None
    subaccounts: list[Account] = strawberry.field(
        description="This account's subaccounts (always empty for a subaccount)."
    )
    transactions: TransactionConnection = strawberry.field(
        resolver=account_transactions,
        description="The account's ledger entries, newest first; the balance is their sum. "
        "first defaults to 50 and may not exceed 1000.",
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
    account_sid: str
    friendly_name: str
    sticky_sender: bool = strawberry.field(
        description="A recipient gets the number it got last time, while that number stays "
        "in the pool."
    )
    max_pool_size: int = strawberry.field(description="At most this many numbers (400 by default).")
    number_count: int = strawberry.field(description="Numbers in use in the pool.")
    created_at: datetime
