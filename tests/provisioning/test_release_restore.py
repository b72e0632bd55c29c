"""releasePhoneNumber and restorePhoneNumber (REFERENCE.md, "Release, restore, aging").

Release refunds the unused whole days of the billing cycle as a REFUND credit, and the number
is restorable by its last owner for 10 days; restoring is buying it again (same sid, a new
cycle from now, charged setup fee + first month).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, add_owned, catalog_row
from tests.support.provisioning import (
    assert_balanced,
    catalog_state,
    minor,
    money_state,
    new_buyer,
    numbers_of,
    ok,
    ownerships,
    purchase,
    refused,
    release,
    released_of,
    restore,
)

SF = "+14155550100"
SF_2 = "+14155550101"
DAY = timedelta(days=1)


def _iso(moment: datetime) -> str:
    return moment.isoformat() + "+00:00"


# --- release -----------------------------------------------------------------------------

# Bought at T0 (Jan 15 12:00) for 31.00 a month: the cycle ends Feb 15 12:00, 31 days, 1.00 a day.
REFUNDS = [
    (timedelta(0), "31.00"),
    (timedelta(hours=23, minutes=59), "30.00"),  # 30 whole days are left
    (DAY, "30.00"),
    (10 * DAY + timedelta(hours=12), "20.00"),
    (30 * DAY, "1.00"),
    (30 * DAY + timedelta(hours=1), None),  # the last day: nothing to refund
    (31 * DAY - timedelta(seconds=1), None),
]


@pytest.mark.parametrize(("elapsed", "refund"), REFUNDS)
async def test_release_refunds_the_unused_whole_days(
    gateway: Gateway, elapsed: timedelta, refund: str | None
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(
        gateway.engine, [catalog_row(SF, setup_fee_minor=500, monthly_fee_minor=3100)]
    )
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    before = await money_state(gateway.engine, buyer.sid)
    gateway.clock.advance(elapsed)
    payload = ok(await release(gateway, buyer, sid=sid))
    after = await assert_balanced(gateway.engine, buyer.sid)
    if refund is None:
        assert payload["refund"] is None
        assert after == before
        return
    assert payload["refund"]["kind"] == "REFUND"
    assert payload["refund"]["amount"] == {"amount": refund, "currency": "USD"}
    assert payload["refund"]["numberSid"] == sid
    assert payload["refund"]["accountSid"] == buyer.sid
    assert after.balance_minor == before.balance_minor + minor(refund)
    assert after.ledger_count == before.ledger_count + 1


@pytest.mark.parametrize(
    ("bought_at", "monthly_fee_minor"),
    [
        (datetime(2026, 3, 31, 10, 0), 3000),  # cycle Mar 31 → Apr 30: 30 days
        (datetime(2026, 1, 30, 10, 0), 2900),  # cycle Jan 30 → Feb 28: 29 days
        (datetime(2026, 1, 31, 10, 0), 2800),  # cycle Jan 31 → Feb 28: 28 days
        (datetime(2028, 1, 31, 10, 0), 2900),  # leap year: Jan 31 → Feb 29, 29 days
    ],
)
async def test_release_right_after_a_clamped_purchase_refunds_the_whole_month(
    gateway: Gateway, bought_at: datetime, monthly_fee_minor: int
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF, monthly_fee_minor=monthly_fee_minor)])
    gateway.clock.current = bought_at
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    payload = ok(await release(gateway, buyer, sid=sid))
    assert minor(payload["refund"]["amount"]["amount"]) == monthly_fee_minor
    gateway.clock.current = bought_at
    sid = ok(await restore(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    gateway.clock.advance(DAY)  # one whole day used: 100 a day in every one of these cycles
    payload = ok(await release(gateway, buyer, sid=sid))
    assert minor(payload["refund"]["amount"]["amount"]) == monthly_fee_minor - 100
    await assert_balanced(gateway.engine, buyer.sid)


async def test_released_number_leaves_the_active_list(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await purchase(gateway, buyer, phoneNumber=SF_2))
    gateway.clock.advance(3 * DAY)
    now = gateway.clock.now()
    payload = ok(await release(gateway, buyer, sid=sid))
    assert payload["releasedNumber"] == {
        "sid": sid,
        "phoneNumber": SF,
        "friendlyName": "(415) 555-0100",
        "releasedAt": _iso(now),
        "restorableUntil": _iso(now + 10 * DAY),
    }
    assert await numbers_of(gateway, buyer) == [SF_2]
    assert await numbers_of(gateway, buyer, status="RELEASED") == [SF]
    assert await released_of(gateway, buyer) == [
        {
            "sid": sid,
            "phoneNumber": SF,
            "releasedAt": _iso(now),
            "restorableUntil": _iso(now + 10 * DAY),
        }
    ]
    data = await gateway.gql(
        "query($sid: String!) { activeNumber(sid: $sid) { status billing { nextBillingDate } } }",
        {"sid": sid},
        auth=buyer.auth,
    )
    assert data["activeNumber"] == {"status": "RELEASED", "billing": {"nextBillingDate": None}}
    assert await catalog_state(gateway.engine, SF) == ("aging", now + 70 * DAY)
    gateway.clock.advance(10 * DAY)  # no longer restorable: no longer listed as such
    assert await released_of(gateway, buyer) == []


async def test_releasing_twice_is_not_found(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, buyer, sid=sid))
    before = await money_state(gateway.engine, buyer.sid)
    error = refused(await release(gateway, buyer, sid=sid), "NOT_FOUND", 20404)
    assert error["field"] == ["input", "sid"]
    assert await money_state(gateway.engine, buyer.sid) == before


async def test_releasing_a_number_you_do_not_own_is_not_found(gateway: Gateway) -> None:
    owner = await new_buyer(gateway.engine)
    stranger = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=owner.sid)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, owner, phoneNumber=SF))["activeNumber"]["sid"]
    for caller in (stranger, child):
        refused(await release(gateway, caller, sid=sid), "NOT_FOUND", 20404)
    for bogus in ("PN" + "0" * 32, "nonsense", ""):
        refused(await release(gateway, owner, sid=bogus), "NOT_FOUND", 20404)
    assert await ownerships(gateway.engine, SF) == [(owner.sid, "IN_USE")]
    assert (await money_state(gateway.engine, stranger.sid)).ledger_count == 1
    assert (await assert_balanced(gateway.engine, owner.sid)).ledger_count == 2


async def test_parent_releases_a_subaccount_number_and_the_subaccount_gets_the_refund(
    gateway: Gateway,
) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid)
    await add_catalog(gateway.engine, [catalog_row(SF, monthly_fee_minor=3100)])
    bought = ok(await purchase(gateway, parent, phoneNumber=SF, accountSid=child.sid))
    gateway.clock.advance(DAY)
    payload = ok(await release(gateway, parent, sid=bought["activeNumber"]["sid"]))
    assert payload["refund"]["accountSid"] == child.sid
    assert payload["refund"]["amount"]["amount"] == "30.00"
    assert (await assert_balanced(gateway.engine, child.sid)).ledger_count == 3
    assert (await assert_balanced(gateway.engine, parent.sid)).ledger_count == 1


# --- restore -----------------------------------------------------------------------------


async def test_restore_within_ten_days_buys_the_same_number_again(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(
        gateway.engine, [catalog_row(SF, setup_fee_minor=100, monthly_fee_minor=3100)]
    )
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    gateway.clock.advance(DAY)
    ok(await release(gateway, buyer, sid=sid))
    gateway.clock.advance(9 * DAY + timedelta(hours=23))
    now = gateway.clock.now()
    before = await money_state(gateway.engine, buyer.sid)
    payload = ok(await restore(gateway, buyer, phoneNumber=SF))
    number, charge = payload["activeNumber"], payload["charge"]
    assert number["sid"] == sid
    assert number["status"] == "IN_USE"
    assert number["billing"]["purchasedAt"] == _iso(now)
    assert number["billing"]["nextBillingDate"] == "2026-02-26T11:00:00+00:00"
    assert charge["kind"] == "PURCHASE"
    assert charge["amount"] == {"amount": "-32.00", "currency": "USD"}
    assert charge["numberSid"] == sid
    after = await assert_balanced(gateway.engine, buyer.sid)
    assert after.balance_minor == before.balance_minor - 3200
    assert after.ledger_count == before.ledger_count + 1
    assert await numbers_of(gateway, buyer) == [SF]
    assert await released_of(gateway, buyer) == []
    assert await catalog_state(gateway.engine, SF) == ("assigned", None)
    assert await ownerships(gateway.engine, SF) == [(buyer.sid, "IN_USE")]
    refused(await restore(gateway, buyer, phoneNumber=SF), "NOT_FOUND", 20404)


async def test_restore_after_ten_days_is_too_late(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, buyer, sid=sid))
    before = await money_state(gateway.engine, buyer.sid)
    for elapsed in (10 * DAY, 10 * DAY + timedelta(seconds=1), 40 * DAY, 80 * DAY):
        gateway.clock.current = T0 + elapsed
        error = refused(await restore(gateway, buyer, phoneNumber=SF), "RESTORE_WINDOW_EXPIRED")
        assert error["field"] == ["input", "phoneNumber"]
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await ownerships(gateway.engine, SF) == [(buyer.sid, "RELEASED")]


async def test_restoring_a_number_you_never_had_is_not_found(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    other = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    await add_owned(gateway.engine, other.sid, SF_2)
    for phone_number in (SF, SF_2, "+14155559999"):  # for sale, owned by another, unknown
        error = refused(await restore(gateway, buyer, phoneNumber=phone_number), "NOT_FOUND", 20404)
        assert error["field"] == ["input", "phoneNumber"]
    refused(await restore(gateway, buyer, phoneNumber="not a number"), "INVALID_INPUT")
    assert (await money_state(gateway.engine, buyer.sid)).ledger_count == 1


async def test_restoring_a_number_in_use_is_not_found(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    ok(await purchase(gateway, buyer, phoneNumber=SF))
    refused(await restore(gateway, buyer, phoneNumber=SF), "NOT_FOUND", 20404)


async def test_another_account_cannot_restore_a_released_number(gateway: Gateway) -> None:
    owner = await new_buyer(gateway.engine)
    stranger = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, owner, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, owner, sid=sid))
    refused(await restore(gateway, stranger, phoneNumber=SF), "NOT_FOUND", 20404)
    payload = await restore(gateway, stranger, phoneNumber=SF, accountSid=owner.sid)
    refused(payload, "NOT_FOUND", 20404)
    assert await released_of(gateway, stranger) == []
    assert (await money_state(gateway.engine, stranger.sid)).ledger_count == 1
    assert ok(await restore(gateway, owner, phoneNumber=SF))["activeNumber"]["sid"] == sid


async def test_parent_restores_for_its_subaccount(gateway: Gateway) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = await add_owned(gateway.engine, child.sid, SF, purchased_at=T0)
    ok(await release(gateway, child, sid=sid))
    refused(await restore(gateway, parent, phoneNumber=SF), "NOT_FOUND", 20404)
    payload = ok(await restore(gateway, parent, phoneNumber=SF, accountSid=child.sid))
    assert payload["activeNumber"]["sid"] == sid
    assert payload["activeNumber"]["accountSid"] == child.sid
    assert payload["charge"]["accountSid"] == child.sid
    await assert_balanced(gateway.engine, child.sid)
    assert (await money_state(gateway.engine, parent.sid)).ledger_count == 1


async def test_restore_with_too_little_balance_changes_nothing(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, balance_minor=215)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100, monthly_fee_minor=115)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    gateway.clock.advance(30 * DAY + timedelta(hours=1))
    assert ok(await release(gateway, buyer, sid=sid))["refund"] is None
    released_at = gateway.clock.now()
    gateway.clock.advance(DAY)
    before = await assert_balanced(gateway.engine, buyer.sid)
    assert before.balance_minor == 0
    refused(await restore(gateway, buyer, phoneNumber=SF), "INSUFFICIENT_BALANCE")
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await ownerships(gateway.engine, SF) == [(buyer.sid, "RELEASED")]
    assert await catalog_state(gateway.engine, SF) == ("aging", released_at + 70 * DAY)
    assert [node["sid"] for node in await released_of(gateway, buyer)] == [sid]
    assert await numbers_of(gateway, buyer) == []


async def test_suspended_and_trial_accounts_on_restore(gateway: Gateway) -> None:
    trial = await new_buyer(gateway.engine, type_="TRIAL")
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    sid = ok(await purchase(gateway, trial, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, trial, sid=sid))
    ok(await purchase(gateway, trial, phoneNumber=SF_2))
    refused(await restore(gateway, trial, phoneNumber=SF), "TRIAL_ACCOUNT_LIMIT", 21404)
    suspended = await new_buyer(gateway.engine, status="SUSPENDED")
    await add_catalog(gateway.engine, [catalog_row("+14155550102")])
    held = await add_owned(gateway.engine, suspended.sid, "+14155550102", purchased_at=T0)
    ok(await release(gateway, suspended, sid=held))
    payload = await restore(gateway, suspended, phoneNumber="+14155550102")
    refused(payload, "ACCOUNT_NOT_ACTIVE", 20005)
    await assert_balanced(gateway.engine, trial.sid)
    await assert_balanced(gateway.engine, suspended.sid)


# --- RELEASED means restorable; expired releases stay readable (issue 13, item 9) --------

RELEASED_READS = """
{
  filtered: activeNumbers(filter: { status: [RELEASED] }) { totalCount nodes { sid } }
  both: activeNumbers(filter: { status: [IN_USE, RELEASED] }) { totalCount }
  current: releasedNumbers { nodes { sid restorable } }
  all: releasedNumbers(includeExpired: true) { nodes { sid restorable restorableUntil } }
}
"""


async def test_released_means_restorable_and_expired_releases_stay_readable(
    gateway: Gateway,
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await purchase(gateway, buyer, phoneNumber=SF_2))
    ok(await release(gateway, buyer, sid=sid))
    gateway.clock.current = T0 + 10 * DAY - timedelta(seconds=1)
    data = await gateway.gql(RELEASED_READS, auth=buyer.auth)
    assert data["filtered"] == {"totalCount": 1, "nodes": [{"sid": sid}]}
    assert data["both"]["totalCount"] == 2
    assert data["current"]["nodes"] == [{"sid": sid, "restorable": True}]
    assert data["all"]["nodes"][0]["restorable"] is True
    gateway.clock.current = T0 + 10 * DAY  # the window has ended
    data = await gateway.gql(RELEASED_READS, auth=buyer.auth)
    assert data["filtered"] == {"totalCount": 0, "nodes": []}
    assert data["both"]["totalCount"] == 1
    assert data["current"]["nodes"] == []
    assert data["all"]["nodes"] == [
        {"sid": sid, "restorable": False, "restorableUntil": _iso(T0 + 10 * DAY)}
    ]
