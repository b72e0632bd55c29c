"""createNumberOrder: many numbers in one order, all or nothing by default, or partial with a
status and code per number; each number bought by the purchase rules, one ledger entry each."""

from __future__ import annotations

import uuid
from typing import Any

from tests.orders.support import ORDER
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.provisioning import (
    Buyer,
    assert_balanced,
    catalog_state,
    mutate,
    new_buyer,
    numbers_of,
    ok,
    purchase,
    refused,
)

SF = ["+14155550100", "+14155550101", "+14155550102"]


async def order(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    input_.setdefault("idempotencyKey", uuid.uuid4().hex)
    return await mutate(gateway, ORDER, "createNumberOrder", input_, buyer)


async def _catalog(gateway: Gateway, numbers: list[str]) -> None:
    rows = [catalog_row(n, setup_fee_minor=100, monthly_fee_minor=115) for n in numbers]
    await add_catalog(gateway.engine, rows)


async def test_an_order_buys_every_number_with_one_ledger_entry_each(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine, balance_minor=10_000)
    await _catalog(gateway, SF)
    payload = ok(await order(gateway, buyer, phoneNumbers=SF))
    assert (payload["purchasedCount"], payload["refusedCount"]) == (3, 0)
    assert [line["phoneNumber"] for line in payload["numbers"]] == SF
    assert {line["status"] for line in payload["numbers"]} == {"PURCHASED"}
    assert len({line["transactionSid"] for line in payload["numbers"]}) == 3
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.balance_minor == 10_000 - 3 * 215
    assert state.ledger_count == 1 + 3
    assert sorted(await numbers_of(gateway, buyer)) == SF


async def test_one_refused_number_refuses_the_whole_order_and_charges_nothing(
    gateway: Gateway,
) -> None:
    buyer, other = await new_buyer(gateway.engine), await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    ok(await purchase(gateway, other, phoneNumber=SF[1]))
    error = refused(await order(gateway, buyer, phoneNumbers=SF), "NUMBER_NOT_AVAILABLE", 21422)
    assert error["field"] == ["input", "phoneNumbers", "1"]
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.ledger_count == 1
    assert await catalog_state(gateway.engine, SF[0]) == ("available", None)
    assert await numbers_of(gateway, buyer) == []


async def test_a_partial_order_buys_what_it_can_and_says_why_the_rest_was_refused(
    gateway: Gateway,
) -> None:
    buyer, other = await new_buyer(gateway.engine), await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    ok(await purchase(gateway, other, phoneNumber=SF[1]))
    numbers = [*SF, "not a number"]
    payload = ok(await order(gateway, buyer, phoneNumbers=numbers, allowPartial=True))
    assert (payload["purchasedCount"], payload["refusedCount"]) == (2, 2)
    lines = payload["numbers"]
    assert [(line["status"], line["code"]) for line in lines] == [
        ("PURCHASED", None),
        ("REFUSED", "NUMBER_NOT_AVAILABLE"),
        ("PURCHASED", None),
        ("REFUSED", "INVALID_PHONE_NUMBER"),
    ]
    assert lines[3]["requested"] == "not a number"
    assert lines[3]["activeNumberSid"] is None
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.ledger_count == 1 + 2
    assert sorted(await numbers_of(gateway, buyer)) == [SF[0], SF[2]]


async def test_an_order_by_area_code_buys_quantity_distinct_numbers(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    payload = ok(await order(gateway, buyer, areaCode="415", quantity=2))
    assert sorted(line["phoneNumber"] for line in payload["numbers"]) == SF[:2]
    error = refused(
        await order(gateway, buyer, areaCode="415", quantity=2), "NO_NUMBERS_IN_AREA_CODE", 21452
    )
    assert error["field"] == ["input", "areaCode"]
    assert sorted(await numbers_of(gateway, buyer)) == SF[:2]
    await assert_balanced(gateway.engine, buyer.sid)


async def test_an_order_holds_one_to_a_hundred_numbers(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    empty = refused(await order(gateway, buyer, phoneNumbers=[]), "INVALID_INPUT", None)
    assert empty["field"] == ["input", "phoneNumbers"]
    many = [f"+1415555{i:04d}" for i in range(101)]
    assert refused(await order(gateway, buyer, phoneNumbers=many), "INVALID_INPUT", None)
    both = refused(await order(gateway, buyer, phoneNumbers=SF, areaCode="415"), "INVALID_INPUT")
    assert both["field"] == ["input", "phoneNumbers"]
    count = refused(await order(gateway, buyer, areaCode="415", quantity=0), "INVALID_INPUT")
    assert count["field"] == ["input", "quantity"]
    assert (await assert_balanced(gateway.engine, buyer.sid)).ledger_count == 1


async def test_a_replayed_key_returns_the_same_order_without_buying_again(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    first = ok(await order(gateway, buyer, phoneNumbers=SF[:2], idempotencyKey="k-1"))
    again = ok(await order(gateway, buyer, phoneNumbers=SF[:2], idempotencyKey="k-1"))
    assert again == first
    assert (await assert_balanced(gateway.engine, buyer.sid)).ledger_count == 1 + 2
