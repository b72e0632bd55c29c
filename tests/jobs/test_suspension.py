"""An account that cannot pay a renewal is suspended; its numbers are kept but flagged.

Two numbers at 1.15 a month, bought at T0 by an account left with 1.85: on Feb 15 one renewal
is paid (0.70 left) and the other is not, so the account becomes SUSPENDED (with one
ACCOUNT_SUSPENDED event) and both numbers show ``billing { status: PAST_DUE }``. Nothing is
renewed while it is suspended; once addFunds covers every cycle due by then, the next pass
charges them all and the account is ACTIVE again (ACCOUNT_REACTIVATED).
"""

from __future__ import annotations

from datetime import datetime

from resolvers.core.tables import accounts
from tests.compiled.support import both_for
from tests.jobs.support import account_status, events_of, number_billing, run_jobs
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.mutations import accepted, call
from tests.support.numbers import Caller
from tests.support.provisioning import (
    Buyer,
    money_state,
    new_buyer,
    numbers_of,
    ok,
    purchase,
    refused,
    release,
)

NUMBERS = ["+14155550100", "+14155550101"]
FEB_15 = datetime(2026, 2, 15, 12, 0, 0)
MAR_16 = datetime(2026, 3, 16)


async def _suspended_on_feb_15(gateway: Gateway) -> tuple[Buyer, list[str]]:
    buyer = await new_buyer(gateway.engine, balance_minor=2 * 115 + 115 + 70)
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    sids = [
        ok(await purchase(gateway, buyer, phoneNumber=n))["activeNumber"]["sid"] for n in NUMBERS
    ]
    gateway.clock.current = FEB_15
    assert (await run_jobs(gateway))["renewals"] == 2  # one charge, one suspension
    return buyer, sids


async def _add_funds(gateway: Gateway, buyer: Buyer, amount: str) -> None:
    accepted(await call(gateway, Caller(buyer.sid, buyer.token), "addFunds", amount=amount))


async def test_an_unpaid_renewal_suspends_the_account_and_flags_its_numbers(
    gateway: Gateway,
) -> None:
    buyer, sids = await _suspended_on_feb_15(gateway)

    assert await account_status(gateway.engine, buyer.sid) == "SUSPENDED"
    [event] = await events_of(gateway.engine, buyer.sid, "ACCOUNT_SUSPENDED")
    assert (event["node_type"], event["node_sid"]) == ("Account", buyer.sid)
    assert event["reason"] == "NONPAYMENT"
    assert event["amountDue"] == "1.15"
    assert event["balance"] == "0.70"
    assert event["pastDueNumbers"] == 2
    assert event["numberSid"] in sids
    # the numbers are kept (still listed, still in use) but flagged
    assert sorted(await numbers_of(gateway, buyer)) == NUMBERS
    billed = [await number_billing(gateway, buyer.auth, sid) for sid in sids]
    assert {n["billing"]["status"] for n in billed} == {"PAST_DUE"}
    assert {n["status"] for n in billed} == {"IN_USE"}
    # one cycle was paid, the other's billing date stays where it was
    next_dates = sorted(n["billing"]["nextBillingDate"] for n in billed)
    assert next_dates == ["2026-02-15T12:00:00+00:00", "2026-03-15T12:00:00+00:00"]
    assert (await money_state(gateway.engine, buyer.sid)).balance_minor == 70
    await assert_balances_match_ledger(gateway.engine)
    data = await gateway.gql("{ viewer { status } }", auth=buyer.auth)
    assert data["viewer"]["status"] == "SUSPENDED"


async def test_a_suspended_account_is_not_renewed_further(gateway: Gateway) -> None:
    buyer, _ = await _suspended_on_feb_15(gateway)
    before = await money_state(gateway.engine, buyer.sid)
    assert (await run_jobs(gateway))["renewals"] == 0  # same time again
    gateway.clock.current = MAR_16
    assert (await run_jobs(gateway))["renewals"] == 0  # the next cycles wait too
    assert await money_state(gateway.engine, buyer.sid) == before
    assert len(await events_of(gateway.engine, buyer.sid, "ACCOUNT_SUSPENDED")) == 1
    await add_catalog(gateway.engine, [catalog_row("+14155550102")])
    refused(await purchase(gateway, buyer, phoneNumber="+14155550102"), "ACCOUNT_NOT_ACTIVE", 20005)


async def test_funds_covering_the_arrears_reactivate_at_the_next_pass(gateway: Gateway) -> None:
    buyer, sids = await _suspended_on_feb_15(gateway)
    gateway.clock.current = MAR_16
    # due by now: the unpaid Feb 15 and Mar 15 cycles, and the paid number's Mar 15: 3.45
    await _add_funds(gateway, buyer, "2.00")  # 2.70 < 3.45
    assert (await run_jobs(gateway))["renewals"] == 0
    assert await account_status(gateway.engine, buyer.sid) == "SUSPENDED"

    await _add_funds(gateway, buyer, "0.75")  # exactly 3.45
    assert (await run_jobs(gateway))["renewals"] == 4  # three charges and the reactivation
    assert (await run_jobs(gateway))["renewals"] == 0

    assert await account_status(gateway.engine, buyer.sid) == "ACTIVE"
    [event] = await events_of(gateway.engine, buyer.sid, "ACCOUNT_REACTIVATED")
    assert (event["node_type"], event["node_sid"], event["amountPaid"]) == (
        "Account",
        buyer.sid,
        "3.45",
    )
    for sid in sids:
        number = await number_billing(gateway, buyer.auth, sid)
        assert number["billing"]["status"] == "CURRENT"
        assert number["billing"]["nextBillingDate"] == "2026-04-15T12:00:00+00:00"
    assert (await money_state(gateway.engine, buyer.sid)).balance_minor == 0
    assert len(await events_of(gateway.engine, buyer.sid, "RENEWED")) == 4  # 1 before, 3 now
    await assert_balances_match_ledger(gateway.engine)
    # and it can buy again
    await _add_funds(gateway, buyer, "5.00")
    await add_catalog(gateway.engine, [catalog_row("+14155550102")])
    ok(await purchase(gateway, buyer, phoneNumber="+14155550102"))


async def test_an_account_suspended_for_another_reason_is_left_alone(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(NUMBERS[0])])
    sid = ok(await purchase(gateway, buyer, phoneNumber=NUMBERS[0]))["activeNumber"]["sid"]
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update().where(accounts.c.sid == buyer.sid).values(status="SUSPENDED")
        )
    gateway.clock.current = MAR_16
    before = await money_state(gateway.engine, buyer.sid)
    assert (await run_jobs(gateway))["renewals"] == 0
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await account_status(gateway.engine, buyer.sid) == "SUSPENDED"
    assert await events_of(gateway.engine, buyer.sid, "ACCOUNT_REACTIVATED") == []
    # back to ACTIVE (by whoever suspended it), the missed cycles are caught up
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update().where(accounts.c.sid == buyer.sid).values(status="ACTIVE")
        )
    assert (await run_jobs(gateway))["renewals"] == 2
    number = await number_billing(gateway, buyer.auth, sid)
    assert number["billing"]["nextBillingDate"] == "2026-04-15T12:00:00+00:00"


async def test_the_flag_reads_the_same_through_both_executors(gateway: Gateway) -> None:
    buyer, _ = await _suspended_on_feb_15(gateway)
    both = await both_for(gateway, Caller(buyer.sid, buyer.token))
    data = await both.same(
        "{ viewer { status } activeNumbers { nodes { phoneNumber billing { status } } } }"
    )
    assert data["viewer"]["status"] == "SUSPENDED"
    assert {n["billing"]["status"] for n in data["activeNumbers"]["nodes"]} == {"PAST_DUE"}


async def test_releasing_the_unpaid_numbers_leaves_nothing_owed(gateway: Gateway) -> None:
    """A released number stops billing, so its unpaid cycle is no longer owed."""
    buyer, sids = await _suspended_on_feb_15(gateway)
    for sid in sids:
        ok(await release(gateway, buyer, sid=sid))
    assert (await run_jobs(gateway))["renewals"] == 1  # the reactivation
    assert await account_status(gateway.engine, buyer.sid) == "ACTIVE"
    [event] = await events_of(gateway.engine, buyer.sid, "ACCOUNT_REACTIVATED")
    assert event["amountPaid"] == "0.00"
    await assert_balances_match_ledger(gateway.engine)
