"""purchasePhoneNumber: finding the number, the account rules, money and the billing calendar.

REFERENCE.md, "Purchase": by exact phoneNumber or by areaCode; each refusal is a userError
with its ErrorCode and Twilio code, and a refused purchase changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.client import Gateway
from tests.support.factories import add_account, add_catalog, add_owned, catalog_row
from tests.support.provisioning import (
    Buyer,
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
)

SF = "+14155550100"
SF_2 = "+14155550101"
NYC = "+12125550100"
VANCOUVER = "+16045550100"


async def _assert_untouched(gateway: Gateway, buyer: Buyer, phone_number: str) -> None:
    """A refused purchase: the number still for sale, nobody owns it, money as opened."""
    assert await catalog_state(gateway.engine, phone_number) == ("available", None)
    assert await ownerships(gateway.engine, phone_number) == []
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.ledger_count == 1  # the opening TOP_UP only


async def test_purchase_by_phone_number_charges_setup_fee_plus_first_month(
    gateway: Gateway,
) -> None:
    buyer = await new_buyer(gateway.engine, balance_minor=10_000)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100, monthly_fee_minor=115)])
    payload = ok(await purchase(gateway, buyer, phoneNumber=SF))
    number, charge = payload["activeNumber"], payload["charge"]
    assert number["sid"].startswith("PN")
    assert number["accountSid"] == buyer.sid
    assert number["phoneNumber"] == SF
    assert number["friendlyName"] == "(415) 555-0100"
    assert number["status"] == "IN_USE"
    assert number["billing"] == {
        "setupFee": {"amount": "1.00", "currency": "USD"},
        "monthlyFee": {"amount": "1.15", "currency": "USD"},
        "purchasedAt": "2026-01-15T12:00:00+00:00",
        "nextBillingDate": "2026-02-15T12:00:00+00:00",
    }
    assert charge["sid"].startswith("TX")
    assert charge["kind"] == "PURCHASE"
    assert charge["amount"] == {"amount": "-2.15", "currency": "USD"}
    assert charge["accountSid"] == buyer.sid
    assert charge["numberSid"] == number["sid"]
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.balance_minor == 10_000 - 215
    assert state.ledger_count == 2
    assert await catalog_state(gateway.engine, SF) == ("assigned", None)
    assert await numbers_of(gateway, buyer) == [SF]
    viewer = await gateway.gql("{ viewer { balance { amount } } }", auth=buyer.auth)
    assert viewer["viewer"]["balance"]["amount"] == "97.85"


async def test_purchase_by_area_code_picks_an_available_number_of_that_area_and_type(
    gateway: Gateway,
) -> None:
    buyer = await new_buyer(gateway.engine)
    other = await add_account(gateway.engine)
    await add_catalog(
        gateway.engine,
        [
            catalog_row(SF),  # owned by someone else below
            catalog_row(SF_2),
            catalog_row("+14155550102", type="MOBILE"),
            catalog_row(NYC),
            catalog_row(VANCOUVER),
        ],
    )
    await add_owned(gateway.engine, other.sid, SF)
    local = ok(await purchase(gateway, buyer, areaCode="415"))
    assert local["activeNumber"]["phoneNumber"] == SF_2
    mobile = ok(await purchase(gateway, buyer, areaCode="415", isoCountry="US", type="MOBILE"))
    assert mobile["activeNumber"]["phoneNumber"] == "+14155550102"
    canadian = ok(await purchase(gateway, buyer, areaCode="604", isoCountry="CA"))
    assert canadian["activeNumber"]["phoneNumber"] == VANCOUVER
    refused(await purchase(gateway, buyer, areaCode="415"), "NO_NUMBERS_IN_AREA_CODE", 21452)
    assert sorted(await numbers_of(gateway, buyer)) == sorted([SF_2, "+14155550102", VANCOUVER])
    await assert_balanced(gateway.engine, buyer.sid)


@pytest.mark.parametrize(
    "phone_number",
    [
        "hello",  # not a number at all
        "4155550100",  # no country code
        "+1415555",  # too short
        "+11234567890",  # looks right, but area code 123 does not exist
        "+999123456789",  # no such country code
        "",
    ],
)
async def test_invalid_phone_number(gateway: Gateway, phone_number: str) -> None:
    buyer = await new_buyer(gateway.engine)
    error = refused(
        await purchase(gateway, buyer, phoneNumber=phone_number), "INVALID_PHONE_NUMBER", 21421
    )
    assert error["field"] == ["input", "phoneNumber"]
    await assert_balanced(gateway.engine, buyer.sid)


async def test_number_not_in_the_catalog_or_owned_is_not_available(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    other = await add_account(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    await add_owned(gateway.engine, other.sid, SF)
    ok(await purchase(gateway, buyer, phoneNumber=SF_2))
    before = await money_state(gateway.engine, buyer.sid)
    cases = {
        "not in the catalog": "+14155559999",
        "owned by someone else": SF,
        "owned by yourself": SF_2,
    }
    for case, phone_number in cases.items():
        payload = await purchase(gateway, buyer, phoneNumber=phone_number)
        error = refused(payload, "NUMBER_NOT_AVAILABLE", 21422)
        assert error["field"] == ["input", "phoneNumber"], case
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await ownerships(gateway.engine, SF) == [(other.sid, "IN_USE")]
    assert await ownerships(gateway.engine, SF_2) == [(buyer.sid, "IN_USE")]


async def test_released_number_is_held_for_restore_window_plus_aging(gateway: Gateway) -> None:
    first = await new_buyer(gateway.engine)
    second = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, first, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, first, sid=sid))
    released_at = gateway.clock.now()
    held_until = released_at + timedelta(days=10 + 60)
    assert await catalog_state(gateway.engine, SF) == ("aging", held_until)
    for offset in (
        timedelta(0),
        timedelta(days=9),
        timedelta(days=11),
        timedelta(days=69, hours=23),
    ):
        gateway.clock.current = released_at + offset
        by_number = await purchase(gateway, second, phoneNumber=SF)
        refused(by_number, "NUMBER_NOT_AVAILABLE", 21422)
        by_area = await purchase(gateway, second, areaCode="415")
        refused(by_area, "NO_NUMBERS_IN_AREA_CODE", 21452)
    gateway.clock.current = held_until
    bought = ok(await purchase(gateway, second, phoneNumber=SF))["activeNumber"]
    assert bought["sid"] != sid
    assert bought["accountSid"] == second.sid
    assert await ownerships(gateway.engine, SF) == [(first.sid, "RELEASED"), (second.sid, "IN_USE")]
    await assert_balanced(gateway.engine, first.sid)
    await assert_balanced(gateway.engine, second.sid)


async def test_aged_number_is_found_by_area_code_again(gateway: Gateway) -> None:
    first = await new_buyer(gateway.engine)
    second = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, first, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, first, sid=sid))
    gateway.clock.advance(timedelta(days=70))
    bought = ok(await purchase(gateway, second, areaCode="415"))["activeNumber"]
    assert bought["phoneNumber"] == SF


@pytest.mark.parametrize(
    ("area_code", "iso_country"),
    [
        ("12", "US"),  # too short
        ("4155", "US"),  # too long
        ("abc", "US"),  # not digits
        ("999", "US"),  # not an area code
        ("", "US"),
        ("415", "GB"),  # area codes are for US and CA only
        ("20", "GB"),
        ("415", "CA"),  # a US area code is not a Canadian one
        ("604", "US"),  # and the other way round
    ],
)
async def test_invalid_area_code(gateway: Gateway, area_code: str, iso_country: str) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(VANCOUVER)])
    payload = await purchase(gateway, buyer, areaCode=area_code, isoCountry=iso_country)
    error = refused(payload, "INVALID_AREA_CODE", 21451)
    assert error["field"] == ["input", "areaCode"]
    await _assert_untouched(gateway, buyer, SF)


async def test_no_numbers_in_a_valid_area_code(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row("+12125550101", type="MOBILE")])
    for area_code in ("212", "646"):
        payload = await purchase(gateway, buyer, areaCode=area_code)
        error = refused(payload, "NO_NUMBERS_IN_AREA_CODE", 21452)
        assert error["field"] == ["input", "areaCode"]
    await _assert_untouched(gateway, buyer, SF)


@pytest.mark.parametrize(
    "input_", [{}, {"phoneNumber": SF, "areaCode": "415"}], ids=["neither", "both"]
)
async def test_exactly_one_of_phone_number_and_area_code(
    gateway: Gateway, input_: dict[str, str]
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    refused(await purchase(gateway, buyer, **input_), "INVALID_INPUT")
    await _assert_untouched(gateway, buyer, SF)


async def test_suspended_account_cannot_buy(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, status="SUSPENDED")
    await add_catalog(gateway.engine, [catalog_row(SF)])
    refused(await purchase(gateway, buyer, phoneNumber=SF), "ACCOUNT_NOT_ACTIVE", 20005)
    refused(await purchase(gateway, buyer, areaCode="415"), "ACCOUNT_NOT_ACTIVE", 20005)
    await _assert_untouched(gateway, buyer, SF)


async def test_trial_account_holds_one_number_at_a_time(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, type_="TRIAL")
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    before = await money_state(gateway.engine, buyer.sid)
    refused(await purchase(gateway, buyer, phoneNumber=SF_2), "TRIAL_ACCOUNT_LIMIT", 21404)
    refused(await purchase(gateway, buyer, areaCode="415"), "TRIAL_ACCOUNT_LIMIT", 21404)
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await catalog_state(gateway.engine, SF_2) == ("available", None)
    ok(await release(gateway, buyer, sid=sid))
    ok(await purchase(gateway, buyer, phoneNumber=SF_2))
    await assert_balanced(gateway.engine, buyer.sid)


async def test_the_accounts_own_refusal_comes_before_the_numbers(gateway: Gateway) -> None:
    """A purchase checks the account in its writes, after the number's claim (issue 12 item 5);
    a refusal still names the first rule broken in REFERENCE.md order, and changes nothing."""
    await add_catalog(
        gateway.engine,
        [catalog_row(SF, address_requirements="LOCAL"), catalog_row(SF_2)],
    )
    suspended = await new_buyer(gateway.engine, status="SUSPENDED", balance_minor=0)
    for number in (SF, SF_2, "+14155550199"):  # needs an address; cannot pay; not for sale
        refused(await purchase(gateway, suspended, phoneNumber=number), "ACCOUNT_NOT_ACTIVE", 20005)
    trial = await new_buyer(gateway.engine, type_="TRIAL")
    ok(await purchase(gateway, trial, phoneNumber=SF_2))
    before = await money_state(gateway.engine, trial.sid)
    for number in (SF, SF_2):  # needs an address; already sold (to this very account)
        refused(await purchase(gateway, trial, phoneNumber=number), "TRIAL_ACCOUNT_LIMIT", 21404)
    assert await money_state(gateway.engine, trial.sid) == before
    assert await catalog_state(gateway.engine, SF) == ("available", None)


async def test_insufficient_balance_changes_nothing(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, balance_minor=214)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100, monthly_fee_minor=115)])
    refused(await purchase(gateway, buyer, phoneNumber=SF), "INSUFFICIENT_BALANCE")
    refused(await purchase(gateway, buyer, areaCode="415"), "INSUFFICIENT_BALANCE")
    await _assert_untouched(gateway, buyer, SF)
    state = await money_state(gateway.engine, buyer.sid)
    assert state.balance_minor == 214
    assert await numbers_of(gateway, buyer) == []


async def test_a_balance_of_exactly_the_charge_is_enough(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, balance_minor=215)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100, monthly_fee_minor=115)])
    payload = ok(await purchase(gateway, buyer, phoneNumber=SF))
    assert minor(payload["charge"]["amount"]["amount"]) == -215
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.balance_minor == 0


async def test_a_free_number_writes_a_zero_charge(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, balance_minor=0)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=0, monthly_fee_minor=0)])
    payload = ok(await purchase(gateway, buyer, phoneNumber=SF))
    assert payload["charge"]["amount"]["amount"] in ("0", "0.00")
    await assert_balanced(gateway.engine, buyer.sid)


@pytest.mark.parametrize(
    ("bought_at", "next_billing"),
    [
        (datetime(2026, 1, 31, 9, 30), "2026-02-28T09:30:00+00:00"),
        (datetime(2028, 1, 31, 9, 30), "2028-02-29T09:30:00+00:00"),  # leap year
        (datetime(2026, 3, 31, 23, 59, 59), "2026-04-30T23:59:59+00:00"),
        (datetime(2026, 12, 31, 0, 0), "2027-01-31T00:00:00+00:00"),
        (datetime(2026, 2, 28, 12, 0), "2026-03-28T12:00:00+00:00"),
        (datetime(2026, 5, 15, 8, 0), "2026-06-15T08:00:00+00:00"),
    ],
)
async def test_next_billing_date_is_one_calendar_month_later_clamped(
    gateway: Gateway, bought_at: datetime, next_billing: str
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    gateway.clock.current = bought_at
    number = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]
    assert number["billing"]["purchasedAt"] == bought_at.isoformat() + "+00:00"
    assert number["billing"]["nextBillingDate"] == next_billing


async def test_parent_buys_for_its_subaccount(gateway: Gateway) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid, balance_minor=5_000)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100)])
    payload = ok(await purchase(gateway, parent, phoneNumber=SF, accountSid=child.sid))
    assert payload["activeNumber"]["accountSid"] == child.sid
    assert payload["charge"]["accountSid"] == child.sid
    assert (await money_state(gateway.engine, child.sid)).balance_minor == 5_000 - 215
    assert (await money_state(gateway.engine, parent.sid)).ledger_count == 1
    await assert_balanced(gateway.engine, child.sid)
    await assert_balanced(gateway.engine, parent.sid)
    assert await numbers_of(gateway, parent) == []
    assert await numbers_of(gateway, parent, account_sid=child.sid) == [SF]
    assert await numbers_of(gateway, child) == [SF]


async def test_buying_for_an_account_that_is_not_a_subaccount_is_not_found(
    gateway: Gateway,
) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid)
    stranger = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    for buyer, target in ((parent, stranger), (child, parent), (stranger, child)):
        payload = await purchase(gateway, buyer, phoneNumber=SF, accountSid=target.sid)
        error = refused(payload, "NOT_FOUND", 20404)
        assert error["field"] == ["input", "accountSid"]
        await _assert_untouched(gateway, target, SF)
    payload = await purchase(gateway, parent, phoneNumber=SF, accountSid="not-a-sid")
    refused(payload, "NOT_FOUND", 20404)
