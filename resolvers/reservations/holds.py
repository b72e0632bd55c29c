"""Taking, extending and releasing holds: one conditional update per number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import available_for_sale
from resolvers.core.enums import ReservationStatus
from resolvers.core.errors import InvalidInput
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.times import as_utc
from resolvers.events.outbox import record_event

MAX_TTL_MINUTES = 30
MAX_NUMBERS = 100
HELD = ReservationStatus.HELD
REFUSED = ReservationStatus.REFUSED


@dataclass(frozen=True)
class HoldStatus:
    """One number's answer: held until a time, or refused with a code."""

    phone_number: str
    status: str
    held_until: datetime | None = None
    code: str | None = None
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "phone_number": self.phone_number,
            "status": self.status,
            "held_until": self.held_until.isoformat() if self.held_until else None,
            "code": self.code,
            "message": self.message,
        }


def check_request(phone_numbers: list[str], ttl_minutes: int) -> None:
    if not 1 <= ttl_minutes <= MAX_TTL_MINUTES:
        raise InvalidInput(
            f"ttlMinutes must be 1 to {MAX_TTL_MINUTES}", field=["input", "ttlMinutes"]
        )
    if not 1 <= len(phone_numbers) <= MAX_NUMBERS:
        raise InvalidInput(
            f"phoneNumbers takes 1 to {MAX_NUMBERS} numbers", field=["input", "phoneNumbers"]
        )


def e164(value: str) -> str | None:
    """``value`` as E.164, or None when it is not a valid phone number."""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


async def hold(
    conn: AsyncConnection, holder: str, value: str, until: datetime, now: datetime
) -> HoldStatus:
    """Hold ``value`` for ``holder`` until ``until`` if it is for sale to the holder (a hold
    the holder already has is renewed); the conditional update settles races."""
    number = e164(value)
    if number is None:
        return HoldStatus(
            value, REFUSED, code="INVALID_PHONE_NUMBER", message=f"{value!r} is not E.164"
        )
    result = await conn.execute(
        c.update()
        .where(c.c.phone_number == number, available_for_sale(now, holder))
        .values(held_by=holder, held_until=until)
    )
    if result.rowcount != 1:
        return HoldStatus(
            number,
            REFUSED,
            code="NUMBER_NOT_AVAILABLE",
            message=f"{number} is not available for purchase",
        )
    await _event(conn, holder, "RESERVED", number, now, until)
    return HoldStatus(number, HELD, held_until=until)


async def held_numbers(
    conn: AsyncConnection, holder: str, values: list[str], now: datetime
) -> list[str]:
    """Which of ``values`` the holder holds now (live holds only)."""
    numbers = [number for number in map(e164, values) if number is not None]
    rows = await conn.execute(
        select(c.c.phone_number).where(
            c.c.phone_number.in_(numbers), c.c.held_by == holder, c.c.held_until > now
        )
    )
    return sorted(str(row[0]) for row in rows)


async def end_all_holds(conn: AsyncConnection, holder: str, now: datetime) -> list[str]:
    """End every live hold of ``holder`` (a RESERVATION_RELEASED event each); the numbers."""
    rows = await conn.execute(
        select(c.c.phone_number)
        .where(c.c.held_by == holder, c.c.held_until > now)
        .order_by(c.c.phone_number)
    )
    numbers = [str(row[0]) for row in rows]
    if numbers:
        await set_until(conn, holder, numbers, None, now)
    return numbers


async def set_until(
    conn: AsyncConnection, holder: str, numbers: list[str], until: datetime | None, now: datetime
) -> None:
    """Move (or, with None, end) the live holds of ``numbers``, with one event per number."""
    values: dict[str, Any] = {"held_until": until}
    if until is None:
        values["held_by"] = None
    await conn.execute(
        c.update()
        .where(c.c.phone_number.in_(numbers), c.c.held_by == holder, c.c.held_until > now)
        .values(**values)
    )
    kind = "RESERVATION_RELEASED" if until is None else "RESERVATION_EXTENDED"
    for number in numbers:
        await _event(conn, holder, kind, number, now, until)


async def _event(
    conn: AsyncConnection,
    holder: str,
    kind: str,
    number: str,
    now: datetime,
    until: datetime | None,
) -> None:
    data = {"phoneNumber": number, "heldUntil": as_utc(until).isoformat() if until else None}
    await record_event(
        conn,
        account_sid=holder,
        kind=kind,
        node_type="Account",
        node_sid=holder,
        now=now,
        data=data,
    )
