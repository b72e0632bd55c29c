"""Billing history of the demo numbers, so that every balance is the sum of its ledger.

A number is charged its setup fee plus the first month at purchase, renewed on each monthly
anniversary of the purchase (the day clamped to the month's end: bought on 31 January, renewed
on 28/29 February and 31 March), and refunded the unused whole days of its current cycle when
released. Each account is topped up once, before its first purchase.
"""

from __future__ import annotations

import calendar
import random
from datetime import datetime

from gateway.seed.draws import random_sid
from gateway.seed.rows import Row
from resolvers.billing.cycles import pro_rata_refund
from resolvers.core.money import to_decimal


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def next_anniversary(start: datetime, after: datetime) -> datetime:
    """The first monthly anniversary of ``start`` strictly later than ``after``."""
    months = 1
    while add_months(start, months) <= after:
        months += 1
    return add_months(start, months)


def number_ledger(rng: random.Random, number: Row, now: datetime) -> list[Row]:
    """PURCHASE, then one RENEWAL per anniversary passed, then a REFUND if released.

    Descriptions read like the ones the gateway writes for the same events.
    """
    bought, fee, phone = number["purchased_at"], number["monthly_fee_minor"], number["phone_number"]
    released_at = number["released_at"]
    charge = -(number["setup_fee_minor"] + fee)
    entries = [_entry(rng, number, "PURCHASE", charge, bought, f"purchase of {phone}")]
    months = 1
    while (anniversary := add_months(bought, months)) <= (released_at or now):
        entries.append(_entry(rng, number, "RENEWAL", -fee, anniversary, f"renewal of {phone}"))
        months += 1
    if released_at is not None:
        cycle_start = add_months(bought, months - 1)
        refund = pro_rata_refund(fee, released_at, anniversary, cycle_start)
        if refund > 0:
            entries.append(
                _entry(rng, number, "REFUND", refund, released_at, f"unused days of {phone}")
            )
    return entries


def top_up(rng: random.Random, account_sid: str, amount: int, at: datetime) -> Row:
    return {
        "sid": random_sid(rng, "TX"),
        "account_sid": account_sid,
        "kind": "TOP_UP",
        "amount_minor": amount,
        "description": f"top-up of {to_decimal(amount)} USD",
        "number_sid": None,
        "created_at": at,
    }


def opening_balance(charges: int, minimum: int) -> int:
    """``minimum``, or more when the charges would eat half of it (a large ``owned``)."""
    needed = 2 * charges
    return max(minimum, -(-needed // 100_000) * 100_000)


def _entry(
    rng: random.Random, number: Row, kind: str, amount: int, at: datetime, description: str
) -> Row:
    return {
        "sid": random_sid(rng, "TX"),
        "account_sid": number["account_sid"],
        "kind": kind,
        "amount_minor": amount,
        "description": description,
        "number_sid": number["sid"],
        "created_at": at,
    }
