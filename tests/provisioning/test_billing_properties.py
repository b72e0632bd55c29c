"""Properties of the billing calendar: ``cycles.add_month`` and ``cycles.pro_rata_refund``."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from resolvers.billing.cycles import add_month, pro_rata_refund

moments = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2200, 12, 31))
fees = st.integers(min_value=0, max_value=10_000_000)
# A release somewhere around the cycle: before it began (clock skew), inside, or after it ended.
offsets = st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=35))
BOUNDED = settings(max_examples=50, deadline=None)


@BOUNDED
@given(moments)
def test_add_month_is_one_calendar_month_later_clamped(moment: datetime) -> None:
    later = add_month(moment)
    expected_year = moment.year + (moment.month == 12)
    expected_month = moment.month % 12 + 1
    assert (later.year, later.month) == (expected_year, expected_month)
    last_day = calendar.monthrange(expected_year, expected_month)[1]
    assert later.day == min(moment.day, last_day)
    assert later.time() == moment.time()
    assert later > moment
    assert timedelta(days=28) <= later - moment <= timedelta(days=31)


@BOUNDED
@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 12, 31)))
def test_add_month_keeps_the_day_unless_the_next_month_lacks_it(day: date) -> None:
    moment = datetime(day.year, day.month, day.day, 12, 0)
    later = add_month(moment)
    if moment.day <= 28:
        assert later.day == moment.day
    else:  # the 29th to 31st: kept, or the next month's last day
        last_day = calendar.monthrange(later.year, later.month)[1]
        assert later.day == moment.day or later.day == last_day < moment.day


@BOUNDED
@given(fees, moments, offsets)
def test_refund_is_between_nothing_and_the_monthly_fee(
    fee: int, bought_at: datetime, elapsed: timedelta
) -> None:
    next_billing = add_month(bought_at)
    for cycle_start in (None, bought_at):
        refund = pro_rata_refund(fee, bought_at + elapsed, next_billing, cycle_start)
        assert 0 <= refund <= fee
        if elapsed >= next_billing - bought_at:
            assert refund == 0


@BOUNDED
@given(fees, moments, offsets, offsets)
def test_a_later_release_never_refunds_more(
    fee: int, bought_at: datetime, first: timedelta, second: timedelta
) -> None:
    earlier, later = sorted((first, second))
    next_billing = add_month(bought_at)
    for cycle_start in (None, bought_at):
        early = pro_rata_refund(fee, bought_at + earlier, next_billing, cycle_start)
        late = pro_rata_refund(fee, bought_at + later, next_billing, cycle_start)
        assert late <= early


@BOUNDED
@given(fees, moments, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=32)))
def test_a_cycle_refunds_its_unused_whole_days(
    fee: int, bought_at: datetime, elapsed: timedelta
) -> None:
    next_billing = add_month(bought_at)
    cycle_days = (next_billing - bought_at).days
    unused_days = max(0, (next_billing - (bought_at + elapsed)).days)
    refund = pro_rata_refund(fee, bought_at + elapsed, next_billing, bought_at)
    assert refund == fee * unused_days // cycle_days
    if elapsed == timedelta(0):
        assert refund == fee  # nothing used yet: the whole month back, clamped cycles included
