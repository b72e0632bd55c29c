"""Inputs of reserveNumbers, extendReservation and releaseReservation."""

from __future__ import annotations

import strawberry

from resolvers.reservations.mutations import ChangeReservation, ReserveNumbers
from schema.plain_targets import converts_to


@converts_to(ReserveNumbers)
@strawberry.input
class ReserveNumbersInput:
    phone_numbers: list[str] = strawberry.field(
        description="1 to 100 catalog numbers in E.164; each is held or refused on its own."
    )
    account_sid: str | None = strawberry.field(
        default=None, description="The holder: the viewer (default) or one of its subaccounts."
    )
    ttl_minutes: int = strawberry.field(default=10, description="How long to hold: 1 to 30.")
    idempotency_key: str | None = strawberry.field(
        default=None, description="A replay within 24 hours returns the first outcome."
    )


@converts_to(ChangeReservation)
@strawberry.input
class ExtendReservationInput:
    phone_numbers: list[str] = strawberry.field(description="Numbers the account holds.")
    account_sid: str | None = strawberry.field(default=None, description="The holder.")
    ttl_minutes: int = strawberry.field(
        default=10, description="The holds end this many minutes (1 to 30) from now."
    )


@converts_to(ChangeReservation)
@strawberry.input
class ReleaseReservationInput:
    phone_numbers: list[str] = strawberry.field(description="Numbers the account holds.")
    account_sid: str | None = strawberry.field(default=None, description="The holder.")
