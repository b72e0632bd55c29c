"""reserveNumbers, extendReservation and releaseReservation as use-cases.

Each names the holder by ``accountSid`` (the viewer or one of its subaccounts; default the
viewer). ``reserveNumbers`` answers per number (HELD until a time, or REFUSED with its code);
extending or releasing touches only the live holds of the account, and answers with the
numbers it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError
from resolvers.core.usecases import Actor, Outcome, UseCase
from resolvers.core.visibility import visible_account_sid
from resolvers.provisioning.purchase import active_account
from resolvers.reservations.holds import check_request, held_numbers, hold, set_until

ACCOUNT_FIELD = ["input", "accountSid"]


@dataclass(frozen=True)
class ReserveNumbers:
    phone_numbers: list[str] = field(default_factory=list)
    account_sid: str | None = None
    ttl_minutes: int = 10
    idempotency_key: str | None = None


@dataclass(frozen=True)
class ChangeReservation:
    phone_numbers: list[str] = field(default_factory=list)
    account_sid: str | None = None
    ttl_minutes: int = 10


async def _holder(actor: Actor, conn: AsyncConnection, account_sid: str | None) -> str:
    holder = await visible_account_sid(conn, actor.viewer, account_sid, ACCOUNT_FIELD)
    await active_account(conn, holder)
    return holder


async def reserve_numbers(actor: Actor, conn: AsyncConnection, request: ReserveNumbers) -> Outcome:
    check_request(request.phone_numbers, request.ttl_minutes)
    holder = await _holder(actor, conn, request.account_sid)
    until = actor.now + timedelta(minutes=request.ttl_minutes)
    statuses = [
        (await hold(conn, holder, value, until, actor.now)).as_dict()
        for value in request.phone_numbers
    ]
    return Outcome(values={"reservations": statuses})


async def extend_reservation(
    actor: Actor, conn: AsyncConnection, request: ChangeReservation
) -> Outcome:
    check_request(request.phone_numbers, request.ttl_minutes)
    holder = await _holder(actor, conn, request.account_sid)
    numbers = await _live(conn, holder, request, actor)
    until = actor.now + timedelta(minutes=request.ttl_minutes)
    await set_until(conn, holder, numbers, until, actor.now)
    return Outcome(values={"phone_numbers": numbers, "held_until": until.isoformat()})


async def release_reservation(
    actor: Actor, conn: AsyncConnection, request: ChangeReservation
) -> Outcome:
    check_request(request.phone_numbers, 1)
    holder = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    numbers = await _live(conn, holder, request, actor)
    await set_until(conn, holder, numbers, None, actor.now)
    return Outcome(values={"phone_numbers": numbers, "held_until": None})


async def _live(
    conn: AsyncConnection, holder: str, request: ChangeReservation, actor: Actor
) -> list[str]:
    """The account's live holds among the numbers; none at all is NOT_FOUND."""
    numbers = await held_numbers(conn, holder, request.phone_numbers, actor.now)
    if not numbers:
        raise GatewayError(
            "the account holds none of these numbers (released, bought or expired)",
            field=["input", "phoneNumbers"],
            code="NOT_FOUND",
        )
    return numbers


# A refused number of reserveNumbers carries one of these codes in its status.
NUMBER_CODES = ("INVALID_PHONE_NUMBER", "NUMBER_NOT_AVAILABLE")
RESERVE_NUMBERS = UseCase(
    "reserveNumbers",
    reserve_numbers,
    ("INVALID_INPUT", "NOT_FOUND", "ACCOUNT_NOT_ACTIVE", *NUMBER_CODES),
    idempotent=True,
)
EXTEND_RESERVATION = UseCase(
    "extendReservation",
    extend_reservation,
    ("INVALID_INPUT", "NOT_FOUND", "ACCOUNT_NOT_ACTIVE"),
)
RELEASE_RESERVATION = UseCase(
    "releaseReservation", release_reservation, ("INVALID_INPUT", "NOT_FOUND")
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (
    RESERVE_NUMBERS,
    EXTEND_RESERVATION,
    RELEASE_RESERVATION,
)
