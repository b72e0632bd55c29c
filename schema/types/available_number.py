"""AvailableNumber: a number for sale, with its capability tree, needs and price (API.md)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import NumberLifecycle, NumberType
from schema.types.active_number import Capabilities, Geography, Regulatory
from schema.types.common import Money, PageInfo


@strawberry.type(description="What buying the number costs.")
class NumberPricing:
    setup_fee: Money
    monthly_fee: Money


@strawberry.type(
    description="A number for sale. Its regulatory address and identitySid are null: "
    "they are bound at purchase."
)
class AvailableNumber:
    phone_number: str = strawberry.field(description="E.164, e.g. +14155551234.")
    friendly_name: str = strawberry.field(description='The national format, "(415) 555-1234".')
    national_format: str
    type: NumberType
    lifecycle: NumberLifecycle
    beta: bool
    capabilities: Capabilities
    regulatory: Regulatory
    geography: Geography
    pricing: NumberPricing
    reserved_by_you: bool = strawberry.field(
        description="You hold it (reserveNumbers): only you can buy it until heldUntil."
    )
    held_until: datetime | None = strawberry.field(
        description="When your hold on it ends; null when you hold none."
    )


@strawberry.type
class AvailableNumberEdge:
    cursor: str
    node: AvailableNumber


@strawberry.type
class AvailableNumberConnection:
    edges: list[AvailableNumberEdge]
    nodes: list[AvailableNumber]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Numbers matching the search, all pages.")
