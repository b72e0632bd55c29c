"""The statuses of a stored number order and of each of its lines (stored as these names)."""

from __future__ import annotations

from enum import StrEnum


class NumberOrderStatus(StrEnum):
    COMPLETED = "COMPLETED"  # every number bought
    PARTIAL = "PARTIAL"  # allowPartial: some bought, some refused
    FAILED = "FAILED"  # allowPartial: every number refused (nothing charged)


class NumberOrderLineStatus(StrEnum):
    PURCHASED = "PURCHASED"
    REFUSED = "REFUSED"


def order_status(purchased: int, refused: int) -> NumberOrderStatus:
    if refused == 0:
        return NumberOrderStatus.COMPLETED
    return NumberOrderStatus.PARTIAL if purchased else NumberOrderStatus.FAILED
