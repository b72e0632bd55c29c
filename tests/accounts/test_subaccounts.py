"""createSubaccount and updateSubaccount (REFERENCE.md: Accounts, subaccounts, transfer)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from resolvers.core.tables import accounts, ledger_entries, owned_numbers
from resolvers.core.tokens import hash_token
from tests.support.client import Gateway, basic_auth
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.mutations import accepted, call, refusal
from tests.support.numbers import add_number, new_caller, sign_in

VIEWER = "{ viewer { sid friendlyName isSubaccount subaccounts { sid status } } }"


async def stored_account(gateway: Gateway, sid: str) -> dict[str, Any]:
    async with gateway.engine.connect() as conn:
        row = (await conn.execute(select(accounts).where(accounts.c.sid == sid))).one()
    return dict(row._mapping)


async def test_a_parent_creates_a_subaccount_and_sees_its_token_once(gateway: Gateway) -> None:
    parent = await sign_in(gateway, type_="TRIAL")
    payload = accepted(await call(gateway, parent, "createSubaccount", friendlyName="Shop"))
    account, token = payload["account"], payload["authToken"]
    assert account["sid"].startswith("AC")
    assert {k: v for k, v in account.items() if k != "sid"} == {
        "friendlyName": "Shop",
        "status": "ACTIVE",
        "type": "TRIAL",
        "isSubaccount": True,
        "balance": {"amount": "0.00", "currency": "USD"},
    }
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    row = await stored_account(gateway, account["sid"])
    assert row["auth_token_hash"] == hash_token(token) != token
    assert row["parent_sid"] == parent.sid
    as_child = await gateway.gql(VIEWER, auth=basic_auth(account["sid"], token))
    assert as_child["viewer"]["sid"] == account["sid"]
    assert as_child["viewer"]["isSubaccount"] is True
    listed = (await gateway.gql(VIEWER))["viewer"]["subaccounts"]
    assert listed == [{"sid": account["sid"], "status": "ACTIVE"}]
    await assert_balances_match_ledger(gateway.engine)


async def test_the_name_defaults_and_is_checked(gateway: Gateway) -> None:
    parent = await sign_in(gateway)
    payload = accepted(await call(gateway, parent, "createSubaccount"))
    assert payload["account"]["friendlyName"] == "Subaccount created at 2026-01-15 12:00:00 UTC"
    error = refusal(
        await call(gateway, parent, "createSubaccount", friendlyName="s" * 65),
        "FRIENDLY_NAME_TOO_LONG",
    )
    assert error["field"] == ["input", "friendlyName"]


async def test_only_an_active_parent_creates_subaccounts(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    error = refusal(await call(gateway, child, "createSubaccount"), "INVALID_INPUT")
    assert "subaccount cannot create subaccounts" in error["message"]
    suspended = await new_caller(gateway.engine, status="SUSPENDED")
    refusal(await call(gateway, suspended, "createSubaccount"), "ACCOUNT_NOT_ACTIVE", 20005)


async def test_renaming(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    payload = await call(gateway, parent, "updateSubaccount", sid=child.sid, friendlyName="A")
    assert accepted(payload)["account"]["friendlyName"] == "A"
    payload = await call(gateway, child, "updateSubaccount", sid=child.sid, friendlyName="B")
    assert accepted(payload)["account"]["friendlyName"] == "B"
    for name, code in [
        ("b" * 65, "FRIENDLY_NAME_TOO_LONG"),
        ("  ", "INVALID_INPUT"),
        (None, "INVALID_INPUT"),
    ]:
        error = refusal(
            await call(gateway, parent, "updateSubaccount", sid=child.sid, friendlyName=name),
            code,
        )
        assert error["field"] == ["input", "friendlyName"]
    assert (await stored_account(gateway, child.sid))["friendly_name"] == "B"


async def test_status_belongs_to_the_parent(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    for status in ("SUSPENDED", "ACTIVE", "SUSPENDED"):
        payload = await call(gateway, parent, "updateSubaccount", sid=child.sid, status=status)
        assert accepted(payload)["account"]["status"] == status
    error = refusal(
        await call(gateway, child, "updateSubaccount", sid=child.sid, status="ACTIVE"),
        "INVALID_INPUT",
    )
    assert error["field"] == ["input", "status"]
    error = refusal(
        await call(gateway, parent, "updateSubaccount", sid=child.sid, status=None),
        "INVALID_INPUT",
    )
    assert error["field"] == ["input", "status"]
    assert (await stored_account(gateway, child.sid))["status"] == "SUSPENDED"


async def test_only_subaccounts_in_reach(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    sibling = await new_caller(gateway.engine, parent_sid=parent.sid)
    stranger = await new_caller(gateway.engine)
    for caller, sid in [
        (parent, stranger.sid),
        (child, sibling.sid),
        (child, parent.sid),
        (stranger, child.sid),
        (parent, "garbage"),
    ]:
        error = refusal(
            await call(gateway, caller, "updateSubaccount", sid=sid, friendlyName="x"),
            "NOT_FOUND",
            20404,
        )
        assert error["field"] == ["input", "sid"]
    error = refusal(
        await call(gateway, parent, "updateSubaccount", sid=parent.sid, friendlyName="x"),
        "INVALID_INPUT",
    )
    assert "not a subaccount" in error["message"]


async def test_closing_releases_every_number_with_refunds(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid, balance_minor=0)
    sibling = await new_caller(gateway.engine, parent_sid=parent.sid)
    # bought 10 days ago on a 31-day cycle: 21 unused days of 1.15 -> 0.77 each
    mine = [await add_number(gateway.engine, child.sid, f"+1415555010{i}") for i in range(2)]
    kept = await add_number(gateway.engine, sibling.sid, "+14155550109")
    payload = await call(gateway, parent, "updateSubaccount", sid=child.sid, status="CLOSED")
    assert accepted(payload)["account"] == {
        "sid": child.sid,
        "friendlyName": "Test Account",
        "status": "CLOSED",
        "type": "FULL",
        "isSubaccount": True,
        "balance": {"amount": "1.54", "currency": "USD"},
    }
    async with gateway.engine.connect() as conn:
        statuses = dict(
            (await conn.execute(select(owned_numbers.c.sid, owned_numbers.c.status))).all()
        )
        refunds = (
            await conn.execute(
                select(ledger_entries.c.number_sid, ledger_entries.c.amount_minor).where(
                    ledger_entries.c.kind == "REFUND"
                )
            )
        ).all()
    assert statuses == {mine[0]: "RELEASED", mine[1]: "RELEASED", kept: "IN_USE"}
    assert sorted(refunds) == sorted((sid, 77) for sid in mine)
    await assert_balances_match_ledger(gateway.engine)
    # closed is final, and a closed account can no longer sign in
    error = refusal(
        await call(gateway, parent, "updateSubaccount", sid=child.sid, status="ACTIVE"),
        "INVALID_INPUT",
    )
    assert "cannot be reopened" in error["message"]
    refusal(
        await call(gateway, parent, "updateSubaccount", sid=child.sid, friendlyName="Again"),
        "INVALID_INPUT",
    )
    response = await gateway.post(VIEWER, auth=child.auth)
    assert response.status_code == 401


async def test_closing_waits_for_emergency_registrations(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    plain = await add_number(gateway.engine, child.sid, "+14155550100")
    await add_number(
        gateway.engine,
        child.sid,
        "+14155550101",
        emergency_status="ACTIVE",
        emergency_address_sid="AD" + "0" * 32,
    )
    error = refusal(
        await call(gateway, parent, "updateSubaccount", sid=child.sid, status="CLOSED"),
        "EMERGENCY_ADDRESS_ACTIVE",
    )
    assert "+14155550101" in error["message"]
    assert error["field"] == ["input", "status"]
    assert (await stored_account(gateway, child.sid))["status"] == "ACTIVE"
    async with gateway.engine.connect() as conn:
        status = await conn.scalar(
            select(owned_numbers.c.status).where(owned_numbers.c.sid == plain)
        )
    assert status == "IN_USE"
    await assert_balances_match_ledger(gateway.engine)


async def test_closing_without_numbers(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    created = accepted(await call(gateway, parent, "createSubaccount", friendlyName="Tmp"))
    sid = created["account"]["sid"]
    payload = await call(gateway, parent, "updateSubaccount", sid=sid, status="CLOSED")
    assert accepted(payload)["account"]["status"] == "CLOSED"
    # asking again for CLOSED changes nothing and is not an error
    payload = await call(gateway, parent, "updateSubaccount", sid=sid, status="CLOSED")
    assert accepted(payload)["account"]["status"] == "CLOSED"
    await assert_balances_match_ledger(gateway.engine)
