"""MessagingServiceConnection: an account's messaging services, page by page."""

from __future__ import annotations

import strawberry

from schema.types.account import MessagingService
from schema.types.common import PageInfo


@strawberry.type
class MessagingServiceEdge:
    cursor: str
    node: MessagingService


@strawberry.type
class MessagingServiceConnection:
    edges: list[MessagingServiceEdge]
    nodes: list[MessagingService]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Messaging services of the account, all pages.")
