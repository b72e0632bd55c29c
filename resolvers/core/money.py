"""Money: integer minor units in storage, ``Decimal`` at the edge, never floats."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

CURRENCY = "USD"
MINOR_DIGITS = 2


def to_decimal(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-MINOR_DIGITS)


def money(minor: int | None) -> dict[str, Any]:
    """The ``Money`` object for an amount in minor units (None counts as zero)."""
    return {"amount": to_decimal(minor or 0), "currency": CURRENCY}
