"""Proving ownership: the simulated verification call and the code it plays.

startHostedNumberVerification "calls" the number after ``callDelay`` seconds (0 to 60), dials the
``extension`` (digits, ``#``, ``*`` and ``w``, each ``w`` a half-second wait [22117]) and
plays a fresh 6-digit code. This gateway has no telephone network: the call is simulated, and
what it would play is shown on the order as ``verificationCall.code`` (to the account that
owns the order only, and only once the call has reached the number: ``calledAt``, after the
delay and the waits), so that a test or a demo user can read it and type it back. Confirming
before the call has reached the number is refused (HOSTED_VERIFICATION_CALL_PENDING) and is
no attempt: no code was heard yet.

confirmHostedNumberVerification compares the code. A wrong code is 22113 and counts as an
attempt; the fifth wrong code fails the order (22100); a sixth call is refused (22100). Only an
order in PENDING_VERIFICATION can be called or confirmed [22114]; a final one is [22112].
Each call or attempt restarts the 7-day idle window.
"""

from __future__ import annotations

import hmac
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, InvalidInput
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.times import as_utc
from resolvers.hosted import statuses
from resolvers.hosted.orders import order_row
from resolvers.hosted.statuses import LOA_WINDOW, VERIFICATION_WINDOW

MAX_CALL_DELAY = 60
MAX_CALLS = 5
MAX_ATTEMPTS = 5
MAX_EXTENSION = 64
CODE_DIGITS = 6
_EXTENSION = re.compile(r"^[0-9#*w]+$")
INPUT = ["input"]


@dataclass(frozen=True)
class Confirmation:
    """The outcome of a confirmation: committed either way; ``error`` is reported after."""

    sid: str
    error: GatewayError | None = None


def _check_call(call_delay: int, extension: str | None) -> str | None:
    if not 0 <= call_delay <= MAX_CALL_DELAY:
        raise InvalidInput(
            f"must be between 0 and {MAX_CALL_DELAY} seconds (got {call_delay})",
            field=[*INPUT, "callDelay"],
        )
    if extension is None or extension == "":
        return None
    if len(extension) > MAX_EXTENSION or not _EXTENSION.match(extension):
        raise GatewayError(
            f"{extension!r} is not an extension: digits, '#', '*' and 'w' (a half-second "
            f"wait), at most {MAX_EXTENSION} characters",
            field=[*INPUT, "extension"],
            code="HOSTED_INVALID_EXTENSION",
        )
    return extension


def _require_verifiable(order: Row[Any]) -> None:
    statuses.refuse_final(order, [*INPUT, "sid"])
    if order.status != statuses.PENDING_VERIFICATION:
        raise GatewayError(
            f"hosted number order {order.sid} is {order.status}; only an order in "
            "PENDING_VERIFICATION can be verified",
            field=[*INPUT, "sid"],
            code="HOSTED_ORDER_NOT_VERIFIABLE",
        )


async def start_verification(
    conn: AsyncConnection,
    visible: ColumnElement[bool],
    sid: str,
    call_delay: int,
    extension: str | None,
    now: datetime,
) -> str:
    extension = _check_call(call_delay, extension)
    order = await order_row(conn, visible, sid, lock=True)
    _require_verifiable(order)
    if order.verification_calls >= MAX_CALLS:
        raise GatewayError(
            f"{MAX_CALLS} verification calls were made already; cancel this order and "
            "create a new one",
            field=[*INPUT, "sid"],
            code="HOSTED_TOO_MANY_ATTEMPTS",
        )
    waits = timedelta(seconds=call_delay + 0.5 * (extension or "").count("w"))
    await conn.execute(
        h.update()
        .where(h.c.sid == sid, h.c.status == statuses.PENDING_VERIFICATION)
        .values(
            verification_code="".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS)),
            verification_called_at=now + waits,
            verification_call_delay=call_delay,
            verification_extension=extension,
            verification_calls=h.c.verification_calls + 1,
            deadline_at=now + VERIFICATION_WINDOW,
            updated_at=now,
        )
    )
    return sid


async def confirm_verification(
    conn: AsyncConnection, visible: ColumnElement[bool], sid: str, code: str, now: datetime
) -> Confirmation:
    order = await order_row(conn, visible, sid, lock=True)
    _require_verifiable(order)
    if order.verification_code is None:
        raise GatewayError(
            "no verification call was made yet: call startHostedNumberVerification first",
            field=[*INPUT, "sid"],
            code="HOSTED_ORDER_NOT_VERIFIABLE",
        )
    _require_call_reached(order, now)
    if hmac.compare_digest(code.strip().encode(), order.verification_code.encode()):
        await statuses.walk(
            conn,
            order,
            [statuses.PENDING_VERIFICATION, statuses.VERIFIED, statuses.PENDING_LOA],
            now,
            verification_code=None,
            deadline_at=now + LOA_WINDOW,
        )
        return Confirmation(sid)
    return Confirmation(sid, await _wrong_code(conn, order, now))


def _require_call_reached(order: Row[Any], now: datetime) -> None:
    """The code can be typed back only once the call has played it."""
    reached_at = order.verification_called_at
    if reached_at > now:
        wait = math.ceil((reached_at - now).total_seconds())
        at = as_utc(reached_at).isoformat()
        raise GatewayError(
            f"the verification call reaches {order.phone_number} at {at} (in {wait} s): "
            "enter the code it plays after that",
            field=[*INPUT, "sid"],
            code="HOSTED_VERIFICATION_CALL_PENDING",
        )


async def _wrong_code(conn: AsyncConnection, order: Row[Any], now: datetime) -> GatewayError:
    attempts = order.verification_attempts + 1
    field = [*INPUT, "verificationCode"]
    if attempts >= MAX_ATTEMPTS:
        await statuses.change_status(
            conn,
            order,
            statuses.PENDING_VERIFICATION,
            statuses.FAILED,
            now,
            verification_attempts=attempts,
            deadline_at=None,
            failure_reason=f"{MAX_ATTEMPTS} wrong verification codes",
        )
        return GatewayError(
            f"wrong code, and {MAX_ATTEMPTS} wrong codes fail the order; create a new order",
            field=field,
            code="HOSTED_TOO_MANY_ATTEMPTS",
        )
    await conn.execute(
        h.update()
        .where(h.c.sid == order.sid)
        .values(
            verification_attempts=attempts, deadline_at=now + VERIFICATION_WINDOW, updated_at=now
        )
    )
    return GatewayError(
        f"that is not the code the verification call played; {MAX_ATTEMPTS - attempts} "
        "attempts left",
        field=field,
        code="HOSTED_VERIFICATION_CODE_INVALID",
    )
