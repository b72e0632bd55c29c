"""TransactionConnection: an account's ledger, page by page."""

from __future__ import annotations

import strawberry

from schema.types.common import PageInfo
from schema.types.ledger import Transaction


@strawberry.type
class TransactionEdge:
    cursor: str
    node: Transaction


@strawberry.type
class TransactionConnection:
    edges: list[TransactionEdge]
    nodes: list[Transaction]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Entries of the account, all pages.")
