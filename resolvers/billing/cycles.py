"""The billing calendar: monthly cycles that follow the purchase day, and pro-rata refunds.

A cycle starts on the purchase day; the next billing date is one calendar month later, clamped
to the month's last day (``add_month``), and a clamped day comes back once the month has it
again (``following_billing_date``: bought Jan 31, billed Feb 28, then Mar 31).
"""

from __future__ import annotations

import calendar
from datetime import datetime


def add_month(moment: datetime) -> datetime:
    """One calendar month later, the day clamped to the month's last day (Jan 31 → Feb 28)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def following_billing_date(billing_date: datetime, purchased_at: datetime) -> datetime:
    """The billing date one cycle after ``billing_date``, kept on the purchase day."""
    following = add_month(billing_date)
    month_end = calendar.monthrange(billing_date.year, billing_date.month)[1]
    if billing_date.day == month_end and purchased_at.day > billing_date.day:
        last = calendar.monthrange(following.year, following.month)[1]
        following = following.replace(day=min(purchased_at.day, last))
    return following


def pro_rata_refund(
    monthly_fee_minor: int,
    now: datetime,
    next_billing: datetime,
    cycle_start: datetime | None = None,
) -> int:
    """The unused whole days of the current cycle, refunded pro rata (rounded down).

    The cycle is the month before ``next_billing``; but a cycle that began on a day the next
    month lacks (bought Jan 31, billed Feb 28) is shorter: pass its start as ``cycle_start``.
    """
    cycle_start = max(_month_before(next_billing), cycle_start or datetime.min)
    cycle_days = (next_billing - cycle_start).days
    unused_days = max(0, (next_billing - now).days)
    if cycle_days <= 0:
        return 0
    return monthly_fee_minor * min(unused_days, cycle_days) // cycle_days


def _month_before(moment: datetime) -> datetime:
    year, month = (moment.year - 1, 12) if moment.month == 1 else (moment.year, moment.month - 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
