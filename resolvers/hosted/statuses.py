"""The hosted-number-order status machine (REFERENCE.md, "Hosted numbers").

    TWILIO_PROCESSING → RECEIVED → PENDING_VERIFICATION → VERIFIED → PENDING_LOA
      → CARRIER_PROCESSING → TESTING → COMPLETED
    side exits: FAILED (final, with a failureReason), ACTION_REQUIRED (with a failureReason:
    activation waits for funds), CANCELED (final; cancelHostedNumberOrder)

A change is a conditional ``UPDATE … WHERE sid = ? AND status = <expected>``: when another
writer moved the order first, nothing happens and the caller learns it from the result. Every
change that happens writes one HOSTED_ORDER_STATUS_CHANGED event in the same transaction,
addressed to the order's statusCallbackUrl.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError
from resolvers.core.tables import hosted_number_orders as h
from resolvers.events.outbox import record_event


class HostedNumberOrderStatus(StrEnum):
    TWILIO_PROCESSING = "TWILIO_PROCESSING"
    RECEIVED = "RECEIVED"
    PENDING_VERIFICATION = "PENDING_VERIFICATION"
    VERIFIED = "VERIFIED"
    PENDING_LOA = "PENDING_LOA"
    CARRIER_PROCESSING = "CARRIER_PROCESSING"
    TESTING = "TESTING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    ACTION_REQUIRED = "ACTION_REQUIRED"
    CANCELED = "CANCELED"


# The members under their bare names, as the machine's modules spell them (statuses.VERIFIED).
TWILIO_PROCESSING = HostedNumberOrderStatus.TWILIO_PROCESSING
RECEIVED = HostedNumberOrderStatus.RECEIVED
PENDING_VERIFICATION = HostedNumberOrderStatus.PENDING_VERIFICATION
VERIFIED = HostedNumberOrderStatus.VERIFIED
PENDING_LOA = HostedNumberOrderStatus.PENDING_LOA
CARRIER_PROCESSING = HostedNumberOrderStatus.CARRIER_PROCESSING
TESTING = HostedNumberOrderStatus.TESTING
COMPLETED = HostedNumberOrderStatus.COMPLETED
FAILED = HostedNumberOrderStatus.FAILED
ACTION_REQUIRED = HostedNumberOrderStatus.ACTION_REQUIRED
CANCELED = HostedNumberOrderStatus.CANCELED

FINAL = (COMPLETED, FAILED, CANCELED)
EVENT_KIND = "HOSTED_ORDER_STATUS_CHANGED"
NODE_TYPE = "HostedNumberOrder"

# How long a customer may take to verify ownership, and to sign the letter of authorization.
VERIFICATION_WINDOW = timedelta(days=7)
LOA_WINDOW = timedelta(days=7)


def add_business_days(start: datetime, days: int) -> datetime:
    """``days`` business days after ``start``: each step moves one calendar day, and
    Saturdays and Sundays are stepped over (Friday 15:00 + 1 → Monday 15:00)."""
    current = start
    for _ in range(days):
        current += timedelta(days=1)
        while current.weekday() >= 5:
            current += timedelta(days=1)
    return current


def refuse_final(order: Row[Any], field: list[str]) -> None:
    if order.status in FINAL:
        raise GatewayError(
            f"hosted number order {order.sid} is {order.status}, a final status: "
            "create a new order instead",
            field=field,
            code="HOSTED_ORDER_FINAL",
        )


async def change_status(
    conn: AsyncConnection,
    order: Row[Any],
    old: str,
    new: str,
    now: datetime,
    **values: Any,
) -> bool:
    """Move ``order`` from ``old`` to ``new`` (setting ``values`` too); False if it was not
    in ``old`` any more. Records the event."""
    result = await conn.execute(
        h.update()
        .where(h.c.sid == order.sid, h.c.status == old)
        .values(status=new, updated_at=now, **values)
    )
    if result.rowcount != 1:
        return False
    await status_event(conn, order, old, new, now, values.get("failure_reason"))
    return True


async def status_event(
    conn: AsyncConnection,
    order: Row[Any],
    old: str,
    new: str,
    now: datetime,
    failure_reason: str | None = None,
) -> None:
    data: dict[str, Any] = {
        "from": old,
        "status": new,
        "phoneNumber": order.phone_number,
        "statusCallbackMethod": order.status_callback_method,
    }
    if failure_reason:
        data["failureReason"] = failure_reason
    await record_event(
        conn,
        account_sid=order.account_sid,
        kind=EVENT_KIND,
        node_type=NODE_TYPE,
        node_sid=order.sid,
        now=now,
        data=data,
        callback_url=order.status_callback_url,
        callback_method=order.status_callback_method,
    )


async def walk(
    conn: AsyncConnection, order: Row[Any], steps: Sequence[str], now: datetime, **values: Any
) -> bool:
    """Move through ``steps`` (the order's current status first) one change at a time;
    ``values`` go with the last change."""
    for index, (old, new) in enumerate(pairwise(steps)):
        last = index == len(steps) - 2
        if not await change_status(conn, order, old, new, now, **(values if last else {})):
            return False
    return True
