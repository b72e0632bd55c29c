"""transferPhoneNumber (REFERENCE.md, "Accounts, subaccounts, transfer").

Only the parent calls it; the number moves between the parent and its subaccounts or between
siblings; billing goes on unchanged; the target must exist, be related, be ACTIVE, and own an
address the number needs.
"""

from __future__ import annotations

from typing import Any

import pytest

from resolvers.core.sids import new_sid
from tests.support.client import Gateway
from tests.support.factories import T0, add_address, add_catalog, add_owned, catalog_row
from tests.support.provisioning import (
    Buyer,
    add_identity_document,
    add_trunk,
    assert_balanced,
    money_state,
    new_buyer,
    numbers_of,
    ok,
    ownerships,
    purchase,
    refused,
    transfer,
)

SF = "+14155550100"


async def _family(gateway: Gateway) -> tuple[Buyer, Buyer, Buyer]:
    parent = await new_buyer(gateway.engine)
    first = await new_buyer(gateway.engine, parent_sid=parent.sid)
    second = await new_buyer(gateway.engine, parent_sid=parent.sid)
    return parent, first, second


async def _bought(gateway: Gateway, parent: Buyer, owner: Buyer, **catalog: Any) -> dict[str, Any]:
    """``owner``'s number, bought by ``parent`` through the API."""
    await add_catalog(gateway.engine, [catalog_row(SF, setup_fee_minor=100, **catalog)])
    payload = ok(await purchase(gateway, parent, phoneNumber=SF, accountSid=owner.sid))
    number: dict[str, Any] = payload["activeNumber"]
    return number


async def _listed_under(gateway: Gateway, parent: Buyer, accounts: list[Buyer]) -> list[list[str]]:
    return [await numbers_of(gateway, parent, account_sid=account.sid) for account in accounts]


@pytest.mark.parametrize(
    ("source", "target"),
    [(0, 1), (1, 0), (1, 2), (2, 1)],
    ids=["parent-to-sub", "sub-to-parent", "sibling-to-sibling", "sibling-back"],
)
async def test_parent_moves_a_number_within_its_family(
    gateway: Gateway, source: int, target: int
) -> None:
    family = list(await _family(gateway))
    parent, origin, destination = family[0], family[source], family[target]
    number = await _bought(gateway, parent, origin)
    money = [await money_state(gateway.engine, account.sid) for account in family]
    gateway.clock.advance(T0 - T0.replace(day=1))  # later: billing must not restart
    moved = ok(await transfer(gateway, parent, sid=number["sid"], accountSid=destination.sid))
    after = moved["activeNumber"]
    assert after["sid"] == number["sid"]
    assert after["accountSid"] == destination.sid
    assert after["status"] == "IN_USE"
    assert after["billing"] == number["billing"]
    expected = [[SF] if account is destination else [] for account in family]
    assert await _listed_under(gateway, parent, family) == expected
    assert await numbers_of(gateway, destination) == [SF]
    assert await numbers_of(gateway, origin) == []
    assert [await money_state(gateway.engine, account.sid) for account in family] == money
    for account in family:
        await assert_balanced(gateway.engine, account.sid)


async def test_a_subaccount_cannot_transfer(gateway: Gateway) -> None:
    parent, first, second = await _family(gateway)
    number = await _bought(gateway, parent, first)
    for target in (parent, second, first):
        payload = await transfer(gateway, first, sid=number["sid"], accountSid=target.sid)
        refused(payload, "TRANSFER_NOT_PARENT", 21474)
    assert await ownerships(gateway.engine, SF) == [(first.sid, "IN_USE")]


@pytest.mark.parametrize(
    "target", ["nonsense", "", "PN" + "0" * 32, "AC" + "Z" * 32, "ac" + "0" * 32, "missing"]
)
async def test_a_malformed_or_missing_target_is_invalid(gateway: Gateway, target: str) -> None:
    parent, first, _ = await _family(gateway)
    number = await _bought(gateway, parent, first)
    target_sid = new_sid("AC") if target == "missing" else target
    payload = await transfer(gateway, parent, sid=number["sid"], accountSid=target_sid)
    error = refused(payload, "TRANSFER_TARGET_INVALID", 21471)
    assert error["field"] == ["input", "accountSid"]
    assert await ownerships(gateway.engine, SF) == [(first.sid, "IN_USE")]


async def test_an_unrelated_target_is_refused(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    stranger = await new_buyer(gateway.engine)
    strangers_child = await new_buyer(gateway.engine, parent_sid=stranger.sid)
    number = await _bought(gateway, parent, first)
    for target in (stranger, strangers_child):
        payload = await transfer(gateway, parent, sid=number["sid"], accountSid=target.sid)
        error = refused(payload, "TRANSFER_NOT_RELATED", 21473)
        assert error["field"] == ["input", "accountSid"]
    assert await ownerships(gateway.engine, SF) == [(first.sid, "IN_USE")]
    assert await numbers_of(gateway, stranger) == []


@pytest.mark.parametrize("status", ["SUSPENDED", "CLOSED"])
async def test_an_inactive_target_is_refused(gateway: Gateway, status: str) -> None:
    parent, first, _ = await _family(gateway)
    inactive = await new_buyer(gateway.engine, parent_sid=parent.sid, status=status)
    number = await _bought(gateway, parent, first)
    payload = await transfer(gateway, parent, sid=number["sid"], accountSid=inactive.sid)
    error = refused(payload, "TRANSFER_TARGET_INACTIVE", 21472)
    assert error["field"] == ["input", "accountSid"]
    assert await ownerships(gateway.engine, SF) == [(first.sid, "IN_USE")]


async def test_a_number_outside_the_family_is_not_found(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    stranger = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    theirs = await add_owned(gateway.engine, stranger.sid, SF)
    for sid in (theirs, "PN" + "0" * 32, "nonsense"):
        payload = await transfer(gateway, parent, sid=sid, accountSid=first.sid)
        error = refused(payload, "NOT_FOUND", 20404)
        assert error["field"] == ["input", "sid"]
    assert await ownerships(gateway.engine, SF) == [(stranger.sid, "IN_USE")]


async def test_a_released_number_cannot_be_transferred(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = await add_owned(gateway.engine, parent.sid, SF, status="RELEASED")
    refused(await transfer(gateway, parent, sid=sid, accountSid=first.sid), "NOT_FOUND", 20404)


async def test_the_target_needs_the_address_the_number_requires(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    await add_address(gateway.engine, parent.sid, "US")
    number = await _bought(gateway, parent, parent, address_requirements="LOCAL")
    assert number["regulatory"]["address"] is not None
    payload = await transfer(gateway, parent, sid=number["sid"], accountSid=first.sid)
    error = refused(payload, "TRANSFER_ADDRESS_REQUIRED", 21613)
    assert error["field"] == ["input", "accountSid"]
    await add_address(gateway.engine, first.sid, "GB")  # not local: still refused
    payload = await transfer(gateway, parent, sid=number["sid"], accountSid=first.sid)
    refused(payload, "TRANSFER_ADDRESS_REQUIRED", 21613)
    assert await ownerships(gateway.engine, SF) == [(parent.sid, "IN_USE")]
    local = await add_address(gateway.engine, first.sid, "US")
    moved = ok(await transfer(gateway, parent, sid=number["sid"], accountSid=first.sid))
    assert moved["activeNumber"]["accountSid"] == first.sid
    assert moved["activeNumber"]["regulatory"]["address"] == {"sid": local, "isoCountry": "US"}


async def test_bindings_of_the_old_owner_do_not_follow_the_number(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    trunk = await add_trunk(gateway.engine, parent.sid)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    bought = ok(await purchase(gateway, parent, phoneNumber=SF, trunkSid=trunk))
    sid = bought["activeNumber"]["sid"]
    moved = ok(await transfer(gateway, parent, sid=sid, accountSid=first.sid))
    assert moved["activeNumber"]["configuration"]["voice"]["trunkSid"] is None
    assert moved["activeNumber"]["regulatory"]["address"] is None


async def test_the_old_owners_identity_document_never_follows_the_number(
    gateway: Gateway,
) -> None:
    """Issue 13, item 4: the new owner binds its own verified document, or the move is refused."""
    parent, first, _ = await _family(gateway)
    parents_document = await add_identity_document(gateway.engine, parent.sid)
    await add_catalog(gateway.engine, [catalog_row(SF, identity_required=True)])
    bought = ok(await purchase(gateway, parent, phoneNumber=SF, identitySid=parents_document))
    sid = bought["activeNumber"]["sid"]
    await add_identity_document(gateway.engine, first.sid, status="PENDING")
    payload = await transfer(gateway, parent, sid=sid, accountSid=first.sid)
    error = refused(payload, "IDENTITY_DOCUMENT_REQUIRED", 21650)
    assert error["field"] == ["input", "accountSid"]
    assert await ownerships(gateway.engine, SF) == [(parent.sid, "IN_USE")]
    own = await add_identity_document(gateway.engine, first.sid)
    moved = ok(await transfer(gateway, parent, sid=sid, accountSid=first.sid))
    assert moved["activeNumber"]["regulatory"]["identitySid"] == own


async def test_an_identity_document_not_required_is_dropped_on_transfer(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    document = await add_identity_document(gateway.engine, parent.sid)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    bought = ok(await purchase(gateway, parent, phoneNumber=SF, identitySid=document))
    assert bought["activeNumber"]["regulatory"]["identitySid"] == document
    moved = ok(
        await transfer(gateway, parent, sid=bought["activeNumber"]["sid"], accountSid=first.sid)
    )
    assert moved["activeNumber"]["regulatory"]["identitySid"] is None


async def test_a_trial_target_keeps_its_one_number_limit(gateway: Gateway) -> None:
    parent = await new_buyer(gateway.engine, type_="TRIAL")
    child = await new_buyer(gateway.engine, parent_sid=parent.sid, type_="TRIAL")
    other = "+14155550101"
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row(other)])
    await add_owned(gateway.engine, child.sid, other)
    sid = await add_owned(gateway.engine, parent.sid, SF)
    payload = await transfer(gateway, parent, sid=sid, accountSid=child.sid)
    error = refused(payload, "TRIAL_ACCOUNT_LIMIT", 21404)
    assert error["field"] == ["input", "accountSid"]
    assert await ownerships(gateway.engine, SF) == [(parent.sid, "IN_USE")]


async def test_a_hosted_number_moves_only_while_in_use(gateway: Gateway) -> None:
    parent, first, _ = await _family(gateway)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    released = await add_owned(
        gateway.engine,
        parent.sid,
        SF,
        origin="HOSTED",
        status="RELEASED",
        released_at=T0,
        restorable_until=T0,
    )
    payload = await transfer(gateway, parent, sid=released, accountSid=first.sid)
    error = refused(payload, "HOSTED_NUMBER_NOT_IN_USE", 22121)
    assert error["field"] == ["input", "sid"]
    in_use = await add_owned(gateway.engine, parent.sid, SF, origin="HOSTED")
    moved = ok(await transfer(gateway, parent, sid=in_use, accountSid=first.sid))
    assert moved["activeNumber"]["accountSid"] == first.sid
