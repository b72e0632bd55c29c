"""Reading one field of an imported CSV row: booleans, amounts, enums, numbers, bounded text.

Each reader takes the row (a column → text mapping) and the column name, and returns the
typed value or raises :class:`RowError` naming the column and why; an empty field of an
optional column gives the default. Rows are imported whole or not at all, so a reader never
guesses what a field that it cannot read might have meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import NamedTuple, TypeVar

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

Fields = Mapping[str, str]
TRUE = frozenset({"true", "yes", "y", "1"})
FALSE = frozenset({"false", "no", "n", "0"})
MAX_MINOR = 2**31 - 1  # the fee columns are 32-bit integers of cents
E = TypeVar("E", bound=StrEnum)


class RowError(ValueError):
    """A field that cannot be imported: its column and the reason."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


def text(fields: Fields, column: str, max_length: int) -> str | None:
    value = fields.get(column, "").strip()
    if len(value) > max_length:
        raise RowError(column, f"longer than {max_length} characters")
    return value or None


def required(fields: Fields, column: str) -> str:
    value = fields.get(column, "").strip()
    if not value:
        raise RowError(column, "is required")
    return value


class PlanNumber(NamedTuple):
    """A number as its numbering plan knows it: E.164, country, and the plan's line type."""

    e164: str
    iso_country: str
    plan_type: int  # a PhoneNumberType value


def phone_number(fields: Fields, column: str = "phone_number") -> PlanNumber:
    """The number, valid by its numbering plan (``phonenumbers``). Parsed once: a million-row
    import spends most of its time here."""
    value = required(fields, column)
    if not value.startswith("+"):
        raise RowError(column, f"{value!r} is not in E.164 form (+ country code and digits)")
    try:
        parsed = phonenumbers.parse(value, None)
    except NumberParseException as error:
        raise RowError(column, f"{value!r} is not an E.164 phone number: {error}") from None
    plan_type = phonenumbers.number_type(parsed)  # UNKNOWN exactly when it is not valid
    region = phonenumbers.region_code_for_number(parsed)
    if plan_type == PhoneNumberType.UNKNOWN or region is None:
        raise RowError(column, f"{value!r} is not a valid phone number")
    return PlanNumber(phonenumbers.format_number(parsed, PhoneNumberFormat.E164), region, plan_type)


def boolean(fields: Fields, column: str, default: bool | None = None) -> bool:
    value = fields.get(column, "").strip().lower()
    if not value and default is not None:
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowError(column, f"{value!r} is not true or false" if value else "is required")


def choice(fields: Fields, column: str, enum: type[E], default: E | None = None) -> E:
    value = fields.get(column, "").strip().upper()
    if not value and default is not None:
        return default
    try:
        return enum(value)
    except ValueError:
        names = ", ".join(enum)
        raise RowError(column, f"{value!r} is not one of {names}") from None


def amount_minor(fields: Fields, column: str, default: int | None = None) -> int:
    """A non-negative USD amount (``1.15``) in cents."""
    value = fields.get(column, "").strip()
    if not value and default is not None:
        return default
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RowError(column, f"{value!r} is not an amount in USD such as 1.15") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise RowError(column, f"{value!r} is not a non-negative amount in whole cents")
    minor = int(amount * 100)
    if minor > MAX_MINOR:
        raise RowError(column, f"{value!r} is too large")
    return minor


def integer(fields: Fields, column: str, default: int, low: int, high: int) -> int:
    value = fields.get(column, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise RowError(column, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise RowError(column, f"{number} is not between {low} and {high}")
    return number


def degrees(fields: Fields, column: str, limit: float) -> float | None:
    value = fields.get(column, "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(column, f"{value!r} is not a number of degrees") from None
    if not -limit <= number <= limit:
        raise RowError(column, f"{value} is not between -{limit:g} and {limit:g}")
    return number
