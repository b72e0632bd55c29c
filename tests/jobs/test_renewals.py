"""Monthly renewals: each cycle's fee is charged once, on its billing date, as a RENEWAL.

A number bought at T0 (Jan 15 12:00) is next billed Feb 15 12:00. The pass charges every cycle
due by the clock, one ledger entry per cycle, and moves nextBillingDate past the clock; the
balance stays the sum of the ledger, and a second run at the same time charges nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from resolvers.billing.cycles import add_month, following_billing_date
from resolvers.core.tables import owned_numbers as o
from resolvers.jobs.environment import LifecyclePolicy
from tests.jobs.support import (
    charges_per_number,
    events_of,
    number_billing,
    renewal_charge_count,
    renewal_entries,
    run_jobs,
)
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.numbers import Number, add_numbers, us_numbers
from tests.support.provisioning import Buyer, money_state, new_buyer, ok, purchase

SF = "+14155550100"
FEB_15 = datetime(2026, 2, 15, 12, 0, 0)


def _iso(moment: datetime) -> str:
    return moment.isoformat() + "+00:00"


async def _bought(gateway: Gateway, fee_minor: int = 115, **account: int) -> tuple[Buyer, str]:
    buyer = await new_buyer(gateway.engine, **account)
    await add_catalog(gateway.engine, [catalog_row(SF, monthly_fee_minor=fee_minor)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    return buyer, sid


async def test_nothing_is_charged_before_the_billing_date(gateway: Gateway) -> None:
    buyer, sid = await _bought(gateway)
    gateway.clock.advance(FEB_15 - T0 - timedelta(seconds=1))
    before = await money_state(gateway.engine, buyer.sid)
    assert (await run_jobs(gateway))["renewals"] == 0
    assert await money_state(gateway.engine, buyer.sid) == before
    number = await number_billing(gateway, buyer.auth, sid)
    assert number["billing"]["nextBillingDate"] == _iso(FEB_15)


async def test_a_due_cycle_is_charged_once_and_the_billing_date_advances(
    gateway: Gateway,
) -> None:
    buyer, sid = await _bought(gateway, fee_minor=310)
    gateway.clock.advance(FEB_15 - T0)
    before = await money_state(gateway.engine, buyer.sid)

    assert (await run_jobs(gateway))["renewals"] == 1
    assert (await run_jobs(gateway))["renewals"] == 0  # same clock time: nothing twice

    after = await money_state(gateway.engine, buyer.sid)
    assert after.balance_minor == before.balance_minor - 310
    assert after.ledger_count == before.ledger_count + 1
    await assert_balances_match_ledger(gateway.engine)
    assert await renewal_entries(gateway.engine, buyer.sid) == [
        (-310, f"monthly fee of {SF} for 2026-02-15 to 2026-03-15", sid)
    ]
    number = await number_billing(gateway, buyer.auth, sid)
    assert number["billing"]["nextBillingDate"] == _iso(datetime(2026, 3, 15, 12, 0, 0))
    assert number["billing"]["status"] == "CURRENT"
    [event] = await events_of(gateway.engine, buyer.sid, "RENEWED")
    assert event["node_type"] == "ActiveNumber"
    assert event["node_sid"] == sid
    assert event["amount"] == "3.10"
    assert event["billingDate"] == FEB_15.isoformat()


async def test_renewals_show_in_the_account_transactions(gateway: Gateway) -> None:
    buyer, sid = await _bought(gateway)
    gateway.clock.advance(FEB_15 - T0)
    await run_jobs(gateway)
    data = await gateway.gql(
        "{ viewer { balance { amount } transactions(first: 1) "
        "{ nodes { kind amount { amount } numberSid } } } }",
        auth=buyer.auth,
    )
    assert data["viewer"]["transactions"]["nodes"] == [
        {"kind": "RENEWAL", "amount": {"amount": "-1.15"}, "numberSid": sid}
    ]
    assert data["viewer"]["balance"]["amount"] == "997.70"  # 1000 - purchase - renewal


async def test_missed_cycles_are_each_charged_once(gateway: Gateway) -> None:
    buyer, sid = await _bought(gateway)
    gateway.clock.current = datetime(2026, 5, 20)  # Feb 15, Mar 15, Apr 15, May 15 are due
    assert (await run_jobs(gateway))["renewals"] == 4
    assert (await run_jobs(gateway))["renewals"] == 0
    descriptions = [text for _, text, _ in await renewal_entries(gateway.engine, buyer.sid)]
    assert descriptions == [
        f"monthly fee of {SF} for 2026-02-15 to 2026-03-15",
        f"monthly fee of {SF} for 2026-03-15 to 2026-04-15",
        f"monthly fee of {SF} for 2026-04-15 to 2026-05-15",
        f"monthly fee of {SF} for 2026-05-15 to 2026-06-15",
    ]
    number = await number_billing(gateway, buyer.auth, sid)
    assert number["billing"]["nextBillingDate"] == _iso(datetime(2026, 6, 15, 12, 0, 0))
    assert len(await events_of(gateway.engine, buyer.sid, "RENEWED")) == 4
    await assert_balances_match_ledger(gateway.engine)


async def test_each_month_charges_one_cycle_more(gateway: Gateway) -> None:
    buyer, _ = await _bought(gateway)
    for month in (2, 3, 4):
        gateway.clock.current = datetime(2026, month, 15, 12, 0, 0)
        assert (await run_jobs(gateway))["renewals"] == 1
        assert (await run_jobs(gateway))["renewals"] == 0
    assert len(await renewal_entries(gateway.engine, buyer.sid)) == 3
    assert await renewal_charge_count(gateway.engine) == 3


async def test_released_numbers_are_not_renewed(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    [kept, released] = await add_numbers(
        gateway.engine,
        buyer.sid,
        [Number(n, owned={"next_billing_date": FEB_15}) for n in us_numbers(2)],
    )
    async with gateway.engine.begin() as conn:
        await conn.execute(
            o.update().where(o.c.sid == released).values(status="RELEASED", next_billing_date=None)
        )
    gateway.clock.current = FEB_15
    assert (await run_jobs(gateway))["renewals"] == 1
    assert await charges_per_number(gateway.engine) == {kept: 1}


async def test_small_batches_still_charge_every_cycle(gateway: Gateway) -> None:
    """Batches smaller than an account's due cycles: the account is taken again and again."""
    buyer = await new_buyer(gateway.engine)
    sids = await add_numbers(
        gateway.engine,
        buyer.sid,
        [Number(n, owned={"next_billing_date": FEB_15}) for n in us_numbers(5)],
    )
    gateway.clock.current = datetime(2026, 3, 16)  # two cycles each
    policy = LifecyclePolicy(batch_size=3, renewal_accounts_per_claim=1)
    assert (await run_jobs(gateway, policy))["renewals"] == 10
    assert (await run_jobs(gateway, policy))["renewals"] == 0
    assert await charges_per_number(gateway.engine) == dict.fromkeys(sids, 2)
    await assert_balances_match_ledger(gateway.engine)


@pytest.mark.parametrize(
    ("purchased", "dates"),
    [
        # clamped to the month's end, then back to the purchase day when the month has it
        (datetime(2026, 1, 31, 9), ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
        (datetime(2026, 1, 30, 9), ["2026-02-28", "2026-03-30", "2026-04-30", "2026-05-30"]),
        (datetime(2026, 1, 15, 9), ["2026-02-15", "2026-03-15", "2026-04-15", "2026-05-15"]),
        (datetime(2025, 11, 30, 9), ["2025-12-30", "2026-01-30", "2026-02-28", "2026-03-30"]),
    ],
)
def test_cycles_stay_on_the_purchase_day(purchased: datetime, dates: list[str]) -> None:
    billing_date, seen = add_month(purchased), []
    for _ in dates:
        seen.append(f"{billing_date:%Y-%m-%d}")
        billing_date = following_billing_date(billing_date, purchased)
    assert seen == dates
