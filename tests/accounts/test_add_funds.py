"""addFunds: a TOP_UP credit; the balance stays the sum of the ledger on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from resolvers.core.tables import ledger_entries
from tests.support.client import Gateway
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.mutations import accepted, call, refusal
from tests.support.numbers import new_caller, sign_in


async def entries(gateway: Gateway, account_sid: str) -> int:
    async with gateway.engine.connect() as conn:
        count = await conn.scalar(
            select(func.count())
            .select_from(ledger_entries)
            .where(ledger_entries.c.account_sid == account_sid)
        )
    return int(count or 0)


async def test_a_top_up_is_a_ledger_credit(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    payload = accepted(await call(gateway, caller, "addFunds", amount="25.50"))
    assert payload["account"]["balance"] == {"amount": "1025.50", "currency": "USD"}
    transaction = payload["transaction"]
    assert transaction["sid"].startswith("TX")
    assert {k: v for k, v in transaction.items() if k != "sid"} == {
        "accountSid": caller.sid,
        "kind": "TOP_UP",
        "amount": {"amount": "25.50", "currency": "USD"},
        "description": "top-up of 25.50 USD",
        "numberSid": None,
        "createdAt": "2026-01-15T12:00:00+00:00",
    }
    await assert_balances_match_ledger(gateway.engine)


@pytest.mark.parametrize(
    ("amount", "balance"),
    [
        ("100000.00", "101000.00"),
        ("0.01", "1000.01"),
        ("1.500", "1001.50"),
        (7, "1007.00"),
        ("1E+2", "1100.00"),
    ],
)
async def test_accepted_amounts(gateway: Gateway, amount: Any, balance: str) -> None:
    caller = await sign_in(gateway)
    payload = accepted(await call(gateway, caller, "addFunds", amount=amount))
    assert payload["account"]["balance"]["amount"] == balance
    await assert_balances_match_ledger(gateway.engine)


async def test_refused_amounts_change_nothing(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    for amount in [
        "0",
        "0.00",
        "-5",
        "-0.01",
        "0.001",
        "1.005",
        "100000.01",
        "1e6",
        "NaN",
        "Infinity",
        "-Infinity",
        "sNaN",
    ]:
        error = refusal(await call(gateway, caller, "addFunds", amount=amount), "INVALID_INPUT")
        assert error["field"] == ["input", "amount"], (amount, error)
    assert await entries(gateway, caller.sid) == 1  # the opening balance only
    await assert_balances_match_ledger(gateway.engine)


async def test_a_malformed_amount_is_a_validation_error(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    query = "mutation($input: AddFundsInput!) { addFunds(input: $input) { userErrors { code } } }"
    for amount in ("ten", "", "1,00", True, None):
        errors = await gateway.gql_errors(query, {"input": {"amount": amount}})
        assert "Internal server error" not in str(errors), errors
    assert await entries(gateway, caller.sid) == 1


async def test_funds_for_a_subaccount(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid, balance_minor=0)
    stranger = await new_caller(gateway.engine)
    payload = accepted(await call(gateway, parent, "addFunds", amount="10", accountSid=child.sid))
    assert payload["account"]["sid"] == child.sid
    assert payload["account"]["balance"]["amount"] == "10.00"
    assert payload["transaction"]["accountSid"] == child.sid
    for caller, target in [(parent, stranger.sid), (child, parent.sid)]:
        error = refusal(
            await call(gateway, caller, "addFunds", amount="10", accountSid=target),
            "NOT_FOUND",
            20404,
        )
        assert error["field"] == ["input", "accountSid"]
    await assert_balances_match_ledger(gateway.engine)


async def test_a_closed_account_takes_no_money(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid, status="CLOSED")
    refusal(
        await call(gateway, parent, "addFunds", amount="10", accountSid=child.sid),
        "ACCOUNT_NOT_ACTIVE",
        20005,
    )
    suspended = await new_caller(gateway.engine, parent_sid=parent.sid, status="SUSPENDED")
    accepted(await call(gateway, parent, "addFunds", amount="10", accountSid=suspended.sid))
    await assert_balances_match_ledger(gateway.engine)


async def test_an_idempotency_key_credits_once(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    first = accepted(await call(gateway, caller, "addFunds", amount="5", idempotencyKey="k1"))
    again = accepted(await call(gateway, caller, "addFunds", amount="5", idempotencyKey="k1"))
    assert again["transaction"]["sid"] == first["transaction"]["sid"]
    assert again["account"]["balance"]["amount"] == "1005.00"
    refusal(
        await call(gateway, caller, "addFunds", amount="6", idempotencyKey="k1"),
        "IDEMPOTENCY_KEY_REUSED",
    )
    assert await entries(gateway, caller.sid) == 2
    await assert_balances_match_ledger(gateway.engine)
