"""reserveNumbers, extendReservation and releaseReservation (holds on catalog numbers)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.core.times import as_utc
from resolvers.reservations.mutations import (
    EXTEND_RESERVATION,
    RELEASE_RESERVATION,
    RESERVE_NUMBERS,
    ChangeReservation,
    ReserveNumbers,
)
from schema.context import Info
from schema.convert import to_plain
from schema.enums import ErrorCode, ReservationStatus
from schema.inputs.reservations import (
    ExtendReservationInput,
    ReleaseReservationInput,
    ReserveNumbersInput,
)
from schema.mutations.runner import error_codes, run_mutation
from schema.types.common import read_field
from schema.types.errors import UserError


def _stored_time(source: object) -> datetime | None:
    """``held_until`` as the outcome stores it (ISO text, so that a replay reads the same), in
    UTC like every other time the API answers (the app's clock is naive UTC)."""
    value = read_field(source, "held_until")
    return None if value is None else as_utc(datetime.fromisoformat(value))


@strawberry.type(description="One number of a reserveNumbers request: held, or refused and why.")
class NumberHold:
    phone_number: str
    status: ReservationStatus

    @strawberry.field(description="When the hold ends, if HELD.")
    def held_until(self) -> datetime | None:
        return _stored_time(self)

    code: ErrorCode | None = strawberry.field(
        description="Why it was refused: INVALID_PHONE_NUMBER or NUMBER_NOT_AVAILABLE."
    )
    message: str | None


@strawberry.type(description=error_codes(RESERVE_NUMBERS))
class ReserveNumbersPayload:
    reservations: list[NumberHold] | None = strawberry.field(
        description="One status per requested number, in request order."
    )
    user_errors: list[UserError]


@strawberry.type(description=error_codes(EXTEND_RESERVATION, RELEASE_RESERVATION))
class ReservationChangePayload:
    phone_numbers: list[str] | None = strawberry.field(
        description="The numbers whose live holds changed (the others were not held)."
    )

    @strawberry.field(description="When the holds now end; null once released.")
    def held_until(self) -> datetime | None:
        return _stored_time(self)

    user_errors: list[UserError]


@strawberry.type
class ReservationMutations:
    @strawberry.mutation(
        description="Hold catalog numbers for an account for up to 30 minutes: nobody else "
        "can buy them (NUMBER_NOT_AVAILABLE) or find them in availableNumbers meanwhile; "
        "the holder buys them with purchasePhoneNumber. A hold ends by itself at heldUntil."
    )
    async def reserve_numbers(
        self, info: Info, input: ReserveNumbersInput
    ) -> ReserveNumbersPayload:
        request = to_plain(input, ReserveNumbers)
        return await run_mutation(info, RESERVE_NUMBERS, request, ReserveNumbersPayload)

    @strawberry.mutation(description="Move the end of the account's live holds to now + ttl.")
    async def extend_reservation(
        self, info: Info, input: ExtendReservationInput
    ) -> ReservationChangePayload:
        request = to_plain(input, ChangeReservation)
        return await run_mutation(info, EXTEND_RESERVATION, request, ReservationChangePayload)

    @strawberry.mutation(description="End the account's live holds: the numbers are for sale.")
    async def release_reservation(
        self, info: Info, input: ReleaseReservationInput
    ) -> ReservationChangePayload:
        request = to_plain(input, ChangeReservation)
        return await run_mutation(info, RELEASE_RESERVATION, request, ReservationChangePayload)
