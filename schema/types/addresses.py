"""AddressConnection: an account's addresses, page by page."""

from __future__ import annotations

import strawberry

from schema.types.account import Address
from schema.types.common import PageInfo


@strawberry.type
class AddressEdge:
    cursor: str
    node: Address


@strawberry.type
class AddressConnection:
    edges: list[AddressEdge]
    nodes: list[Address]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Addresses of the account, all pages.")
