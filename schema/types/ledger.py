"""Transaction: one ledger entry (charges are negative, credits positive)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import TransactionKind
from schema.types.common import DictBacked, Money, Node


@strawberry.type(description="A ledger entry; the balance is the sum of an account's entries.")
class Transaction(DictBacked, Node):
    sid: str
    account_sid: str
    kind: TransactionKind
    amount: Money = strawberry.field(description="Negative for charges, positive for credits.")
    description: str
    number_sid: str | None
    created_at: datetime
