"""NumberOrder: a stored createNumberOrder with its numbers, statuses and totals."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import ErrorCode, NumberOrderLineStatus, NumberOrderStatus
from schema.types.common import DictBacked, Money, Node, PageInfo


@strawberry.type(description="One number of an order, in the order of the input.")
class NumberOrderLine:
    position: int = strawberry.field(description="Its place in the order, from 0.")
    requested: str = strawberry.field(description="The number asked for, or the area code.")
    status: NumberOrderLineStatus = strawberry.field(description="PURCHASED or REFUSED.")
    phone_number: str | None = strawberry.field(description="The number bought.")
    active_number_sid: str | None = strawberry.field(description="The PN sid of the number.")
    transaction_sid: str | None = strawberry.field(description="Its own ledger entry.")
    code: ErrorCode | None = strawberry.field(description="Why it was refused.")
    message: str | None


@strawberry.type(description="What the numbers an order bought cost.")
class NumberOrderTotals:
    setup_fees: Money = strawberry.field(description="The setup fees of the numbers bought.")
    monthly_fees: Money = strawberry.field(
        description="Their monthly fees: what they cost each month from now on."
    )
    charged: Money = strawberry.field(
        description="What the order debited: the setup fees plus the first month."
    )


@strawberry.type(
    description="A bulk order (createNumberOrder) as it was placed: its numbers in the order "
    "of the input, each PURCHASED or REFUSED. A refused all-or-nothing order is not stored."
)
class NumberOrder(DictBacked, Node):
    sid: str
    account_sid: str = strawberry.field(description="The account the numbers were bought for.")
    status: NumberOrderStatus
    allow_partial: bool
    area_code: str | None = strawberry.field(
        description="The area code of an order by areaCode and quantity."
    )
    requested_count: int
    purchased_count: int
    refused_count: int
    totals: NumberOrderTotals
    numbers: list[NumberOrderLine]
    created_at: datetime


@strawberry.type
class NumberOrderEdge:
    cursor: str
    node: NumberOrder


@strawberry.type
class NumberOrderConnection:
    edges: list[NumberOrderEdge]
    nodes: list[NumberOrder]
    page_info: PageInfo
    total_count: int
