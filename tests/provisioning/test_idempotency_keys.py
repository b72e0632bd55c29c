"""idempotencyKey on purchasePhoneNumber, releasePhoneNumber and restorePhoneNumber.

A replay within 24 hours returns the original payload (same sids) and moves no money; the same
key with another request is IDEMPOTENCY_KEY_REUSED; keys belong to the calling account; a
refused mutation does not keep its key; keys are 1 to 128 characters.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.provisioning import (
    assert_balanced,
    money_state,
    new_buyer,
    numbers_of,
    ok,
    purchase,
    refused,
    release,
    restore,
)

SF = "+14155550100"
SF_2 = "+14155550101"
KEY = "order-7f3a"


async def test_purchase_replay_returns_the_same_payload_and_charges_nothing(
    gateway: Gateway,
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    first = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY))
    after_first = await money_state(gateway.engine, buyer.sid)
    gateway.clock.advance(timedelta(hours=23, minutes=59))
    for _ in range(2):
        replay = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY))
        assert replay == first
    assert await money_state(gateway.engine, buyer.sid) == after_first
    assert await numbers_of(gateway, buyer) == [SF]


async def test_area_code_purchase_replay_does_not_buy_another_number(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    first = ok(await purchase(gateway, buyer, areaCode="415", idempotencyKey=KEY))
    replay = ok(await purchase(gateway, buyer, areaCode="415", idempotencyKey=KEY))
    assert replay["activeNumber"]["sid"] == first["activeNumber"]["sid"]
    assert replay["charge"]["sid"] == first["charge"]["sid"]
    assert await numbers_of(gateway, buyer) == [SF]
    assert (await assert_balanced(gateway.engine, buyer.sid)).ledger_count == 2


async def test_same_key_with_a_different_request_is_refused(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    bought = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY))
    before = await money_state(gateway.engine, buyer.sid)
    different = [
        {"phoneNumber": SF_2},
        {"phoneNumber": SF, "friendlyName": "other"},
        {"areaCode": "415"},
    ]
    for input_ in different:
        payload = await purchase(gateway, buyer, idempotencyKey=KEY, **input_)
        error = refused(payload, "IDEMPOTENCY_KEY_REUSED")
        assert error["field"] == ["input", "idempotencyKey"]
    sid = bought["activeNumber"]["sid"]
    refused(await release(gateway, buyer, sid=sid, idempotencyKey=KEY), "IDEMPOTENCY_KEY_REUSED")
    refused(
        await restore(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY), "IDEMPOTENCY_KEY_REUSED"
    )
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await numbers_of(gateway, buyer) == [SF]


async def test_keys_are_per_account(gateway: Gateway) -> None:
    first = await new_buyer(gateway.engine)
    second = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    mine = ok(await purchase(gateway, first, phoneNumber=SF, idempotencyKey=KEY))
    theirs = ok(await purchase(gateway, second, phoneNumber=SF_2, idempotencyKey=KEY))
    assert theirs["activeNumber"]["accountSid"] == second.sid
    assert theirs["charge"]["sid"] != mine["charge"]["sid"]
    # the same request under the same key by another account is that account's own request
    again = await purchase(gateway, second, phoneNumber=SF, idempotencyKey="shared")
    refused(again, "NUMBER_NOT_AVAILABLE", 21422)
    assert (await assert_balanced(gateway.engine, second.sid)).ledger_count == 2


async def test_a_key_is_forgotten_after_24_hours(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(SF_2)])
    first = ok(await purchase(gateway, buyer, areaCode="415", idempotencyKey=KEY))
    gateway.clock.advance(timedelta(hours=24))
    second = ok(await purchase(gateway, buyer, areaCode="415", idempotencyKey=KEY))
    assert second["activeNumber"]["phoneNumber"] == SF_2
    assert second["charge"]["sid"] != first["charge"]["sid"]
    assert sorted(await numbers_of(gateway, buyer)) == [SF, SF_2]
    assert (await assert_balanced(gateway.engine, buyer.sid)).ledger_count == 3
    # and a forgotten key may then carry a different request
    gateway.clock.advance(timedelta(hours=24))
    payload = await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY)
    refused(payload, "NUMBER_NOT_AVAILABLE", 21422)


async def test_a_refused_mutation_does_not_keep_its_key(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    refused(
        await purchase(gateway, buyer, phoneNumber=SF_2, idempotencyKey=KEY),
        "NUMBER_NOT_AVAILABLE",
        21422,
    )
    bought = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY))
    assert bought["activeNumber"]["phoneNumber"] == SF


@pytest.mark.parametrize(("length", "accepted"), [(0, False), (1, True), (128, True), (129, False)])
async def test_key_length(gateway: Gateway, length: int, accepted: bool) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    payload = await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey="k" * length)
    if accepted:
        ok(payload)
        return
    error = refused(payload, "INVALID_INPUT")
    assert error["field"] == ["input", "idempotencyKey"]
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.ledger_count == 1
    long_key = "k" * 129
    refused(
        await release(gateway, buyer, sid="PN" + "0" * 32, idempotencyKey=long_key), "INVALID_INPUT"
    )
    refused(await restore(gateway, buyer, phoneNumber=SF, idempotencyKey=long_key), "INVALID_INPUT")


async def test_release_replay_returns_the_same_refund(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF, monthly_fee_minor=3100)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    gateway.clock.advance(timedelta(days=1))
    first = ok(await release(gateway, buyer, sid=sid, idempotencyKey=KEY))
    assert first["refund"]["amount"]["amount"] == "30.00"
    after_first = await money_state(gateway.engine, buyer.sid)
    gateway.clock.advance(timedelta(hours=1))
    replay = ok(await release(gateway, buyer, sid=sid, idempotencyKey=KEY))
    assert replay == first
    assert await money_state(gateway.engine, buyer.sid) == after_first
    # without the key the same request is a new one, and the number is gone
    refused(await release(gateway, buyer, sid=sid), "NOT_FOUND", 20404)
    # and after 24 hours the key is forgotten: a new request too
    gateway.clock.advance(timedelta(hours=24))
    refused(await release(gateway, buyer, sid=sid, idempotencyKey=KEY), "NOT_FOUND", 20404)
    assert await money_state(gateway.engine, buyer.sid) == after_first


async def test_release_replay_without_a_refund(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    gateway.clock.advance(timedelta(days=31) - timedelta(hours=1))
    first = ok(await release(gateway, buyer, sid=sid, idempotencyKey=KEY))
    assert first["refund"] is None
    replay = ok(await release(gateway, buyer, sid=sid, idempotencyKey=KEY))
    assert replay == first


async def test_restore_replay_returns_the_same_charge(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, buyer, sid=sid))
    gateway.clock.advance(timedelta(days=2))
    first = ok(await restore(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY))
    assert first["activeNumber"]["sid"] == sid
    assert first["charge"]["amount"]["amount"] == "-2.15"
    after_first = await money_state(gateway.engine, buyer.sid)
    replay = ok(await restore(gateway, buyer, phoneNumber=SF, idempotencyKey=KEY))
    assert replay == first
    assert await money_state(gateway.engine, buyer.sid) == after_first
    other = await restore(gateway, buyer, phoneNumber=SF_2, idempotencyKey=KEY)
    refused(other, "IDEMPOTENCY_KEY_REUSED")


async def test_replays_after_the_number_moved_on_read_it_fresh(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    bought = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey="buy"))
    sid = bought["activeNumber"]["sid"]
    released = ok(await release(gateway, buyer, sid=sid, idempotencyKey="release"))
    replayed_purchase = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey="buy"))
    assert replayed_purchase["charge"] == bought["charge"]
    assert replayed_purchase["activeNumber"]["sid"] == sid
    assert replayed_purchase["activeNumber"]["status"] == "RELEASED"
    ok(await restore(gateway, buyer, phoneNumber=SF))
    before = await money_state(gateway.engine, buyer.sid)
    # the number is in use again: no longer a released number, but the refund stands
    replayed_release = ok(await release(gateway, buyer, sid=sid, idempotencyKey="release"))
    assert replayed_release["releasedNumber"] is None
    assert replayed_release["refund"] == released["refund"]
    assert await money_state(gateway.engine, buyer.sid) == before
    assert await numbers_of(gateway, buyer) == [SF]
