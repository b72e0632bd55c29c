"""reserveNumbers, extendReservation, releaseReservation: a held number is for sale only to
its holder until the hold ends (by itself, with no job), and the holder buys it."""

from __future__ import annotations

from datetime import timedelta

from tests.reservations.support import extend, release, reserve, statuses
from tests.support.catalog import SEARCH_NUMBERS
from tests.support.client import Gateway
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.mutations import accepted, mutation_text
from tests.support.provisioning import (
    Buyer,
    assert_balanced,
    catalog_state,
    mutate,
    new_buyer,
    ok,
    ownerships,
    purchase,
    refused,
)

SF, SF_2, SOLD = "+14155550100", "+14155550101", "+14155550102"
SEARCH = {"isoCountry": "US", "type": "LOCAL"}


async def _for_sale(gateway: Gateway, buyer: Buyer) -> list[str]:
    """``availableNumbers`` as ``buyer`` sees it."""
    variables = {"search": SEARCH, "first": 100}
    data = await gateway.gql(SEARCH_NUMBERS, variables, auth=buyer.auth)
    return [edge["node"]["phoneNumber"] for edge in data["availableNumbers"]["edges"]]


async def _two_buyers(gateway: Gateway) -> tuple[Buyer, Buyer]:
    await add_catalog(gateway.engine, [catalog_row(n) for n in (SF, SF_2, SOLD)])
    return await new_buyer(gateway.engine), await new_buyer(gateway.engine)


async def test_a_held_number_is_sold_only_to_its_holder(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    held = statuses(await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=5))
    assert held == {SF: ("HELD", None)}
    assert await _for_sale(gateway, other) == [SF_2, SOLD]
    refused(await purchase(gateway, other, phoneNumber=SF), "NUMBER_NOT_AVAILABLE", 21422)
    assert (await assert_balanced(gateway.engine, other.sid)).ledger_count == 1
    bought = ok(await purchase(gateway, holder, phoneNumber=SF))
    assert bought["activeNumber"]["phoneNumber"] == SF
    assert await ownerships(gateway.engine, SF) == [(holder.sid, "IN_USE")]
    # the purchase consumed the hold: nothing is left to release
    refused(await release(gateway, holder, phoneNumbers=[SF]), "NOT_FOUND", 20404)


async def test_one_status_per_number(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    ok(await reserve(gateway, other, phoneNumbers=[SF_2]))
    ok(await purchase(gateway, other, phoneNumber=SOLD))
    answer = statuses(
        await reserve(gateway, holder, phoneNumbers=[SF, SF_2, SOLD, "+1"], ttlMinutes=30)
    )
    assert answer == {
        SF: ("HELD", None),
        SF_2: ("REFUSED", "NUMBER_NOT_AVAILABLE"),
        SOLD: ("REFUSED", "NUMBER_NOT_AVAILABLE"),
        "+1": ("REFUSED", "INVALID_PHONE_NUMBER"),
    }


async def test_a_hold_ends_by_itself_at_its_time(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    payload = ok(await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=10))
    held_until = payload["reservations"][0]["heldUntil"]
    assert held_until.startswith((gateway.clock.now() + timedelta(minutes=10)).isoformat()[:16])
    # the payload says the time as every read does: in UTC, with its offset
    listed = (await gateway.gql(HOLDS, auth=holder.auth))["reservations"]["nodes"]
    assert listed == [{"phoneNumber": SF, "heldUntil": held_until}]
    assert held_until.endswith("+00:00")
    gateway.clock.advance(timedelta(minutes=9))
    assert SF not in await _for_sale(gateway, other)
    gateway.clock.advance(timedelta(minutes=1))
    assert SF in await _for_sale(gateway, other)
    ok(await purchase(gateway, other, phoneNumber=SF))
    assert await catalog_state(gateway.engine, SF) == ("assigned", None)


async def test_extend_and_release(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    ok(await reserve(gateway, holder, phoneNumbers=[SF, SF_2], ttlMinutes=5))
    gateway.clock.advance(timedelta(minutes=4))
    extended = ok(await extend(gateway, holder, phoneNumbers=[SF, SOLD], ttlMinutes=30))
    assert extended["phoneNumbers"] == [SF]
    gateway.clock.advance(timedelta(minutes=2))  # SF_2's hold is over, SF's is not
    assert await _for_sale(gateway, other) == [SF_2, SOLD]
    refused(await release(gateway, other, phoneNumbers=[SF]), "NOT_FOUND", 20404)
    released = ok(await release(gateway, holder, phoneNumbers=[SF]))
    assert released == {"phoneNumbers": [SF], "heldUntil": None, "userErrors": []}
    ok(await purchase(gateway, other, phoneNumber=SF))


async def test_bad_requests_hold_nothing(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    too_long = await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=31)
    assert refused(too_long, "INVALID_INPUT")["field"] == ["input", "ttlMinutes"]
    empty = await reserve(gateway, holder, phoneNumbers=[])
    assert refused(empty, "INVALID_INPUT")["field"] == ["input", "phoneNumbers"]
    stranger = await reserve(gateway, holder, phoneNumbers=[SF], accountSid=other.sid)
    assert refused(stranger, "NOT_FOUND", 20404)["field"] == ["input", "accountSid"]
    suspended = await add_account(gateway.engine, parent_sid=holder.sid, status="SUSPENDED")
    inactive = await reserve(gateway, holder, phoneNumbers=[SF], accountSid=suspended.sid)
    refused(inactive, "ACCOUNT_NOT_ACTIVE", 20005)
    assert await _for_sale(gateway, other) == [SF, SF_2, SOLD]


async def test_a_parent_holds_for_its_subaccount(gateway: Gateway) -> None:
    parent, _ = await _two_buyers(gateway)
    child = await add_account(gateway.engine, parent_sid=parent.sid)
    ok(await reserve(gateway, parent, phoneNumbers=[SF], accountSid=child.sid))
    refused(await purchase(gateway, parent, phoneNumber=SF), "NUMBER_NOT_AVAILABLE", 21422)
    ok(await purchase(gateway, parent, phoneNumber=SF, accountSid=child.sid))


async def test_closing_a_subaccount_ends_its_holds(gateway: Gateway) -> None:
    parent, other = await _two_buyers(gateway)
    child = await add_account(gateway.engine, parent_sid=parent.sid)
    ok(await reserve(gateway, parent, phoneNumbers=[SF], accountSid=child.sid, ttlMinutes=30))
    refused(await purchase(gateway, other, phoneNumber=SF), "NUMBER_NOT_AVAILABLE", 21422)
    close = {"sid": child.sid, "status": "CLOSED"}
    update = mutation_text("updateSubaccount")
    closed = await mutate(gateway, update, "updateSubaccount", close, parent)
    assert accepted(closed)["account"]["status"] == "CLOSED"
    ok(await purchase(gateway, other, phoneNumber=SF))  # at once, not after 30 minutes


async def test_events_record_each_hold(gateway: Gateway) -> None:
    holder, _ = await _two_buyers(gateway)
    ok(await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=5))
    ok(await extend(gateway, holder, phoneNumbers=[SF], ttlMinutes=6))
    ok(await release(gateway, holder, phoneNumbers=[SF]))
    query = "{ numberEvents(first: 10) { nodes { kind data } } }"
    data = await gateway.gql(query, auth=holder.auth)
    kinds = [(e["kind"], e["data"]["phoneNumber"]) for e in data["numberEvents"]["nodes"]]
    assert kinds == [("RESERVATION_RELEASED", SF), ("RESERVATION_EXTENDED", SF), ("RESERVED", SF)]


HOLDS = "{ reservations(first: 10) { nodes { phoneNumber heldUntil } } }"


async def test_the_reservations_connection_lists_live_holds(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    ok(await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=20))
    ok(await reserve(gateway, holder, phoneNumbers=[SF_2, SOLD], ttlMinutes=5))
    ok(await purchase(gateway, holder, phoneNumber=SOLD))
    data = await gateway.gql(HOLDS, auth=holder.auth)
    assert [n["phoneNumber"] for n in data["reservations"]["nodes"]] == [SF_2, SF]
    assert (await gateway.gql(HOLDS, auth=other.auth))["reservations"]["nodes"] == []
    gateway.clock.advance(timedelta(minutes=5))
    data = await gateway.gql(HOLDS, auth=holder.auth)
    assert data["reservations"]["nodes"] == [
        {"phoneNumber": SF, "heldUntil": data["reservations"]["nodes"][0]["heldUntil"]}
    ]
    assert data["reservations"]["nodes"][0]["heldUntil"].startswith("2026-01-15T12:20")
