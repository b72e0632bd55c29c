"""Reservation: a catalog number an account holds until ``heldUntil``."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.types.common import PageInfo


@strawberry.type(description="A number held for the account (reserveNumbers).")
class Reservation:
    phone_number: str
    held_until: datetime = strawberry.field(
        description="Only the account can buy it until then; after that, anyone."
    )


@strawberry.type
class ReservationEdge:
    cursor: str
    node: Reservation


@strawberry.type
class ReservationConnection:
    edges: list[ReservationEdge]
    nodes: list[Reservation]
    page_info: PageInfo
