"""The balance is the sum of the ledger after every money-moving mutation, for every account.

One scenario walks through all of them (top-up, purchase, refused purchase, release with refund,
restore, closing a subaccount with its refunds) and checks the invariant after each step.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from resolvers.core.tables import accounts
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.ledger_invariant import assert_balances_match_ledger, mismatched_balances
from tests.support.mutations import accepted, call
from tests.support.numbers import Caller, new_caller

MONEY = """
mutation($buy: PurchasePhoneNumberInput!) {
  purchasePhoneNumber(input: $buy) { activeNumber { sid } userErrors { code } }
}
"""
NUMBERS = ["+14155550100", "+14155550101", "+14155550102"]


async def buy(gateway: Gateway, caller: Caller, phone_number: str) -> dict[str, Any]:
    data = await gateway.gql(MONEY, {"buy": {"phoneNumber": phone_number}}, auth=caller.auth)
    payload: dict[str, Any] = data["purchasePhoneNumber"]
    return payload


async def test_every_money_move_keeps_balances_equal_to_ledgers(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(n, setup_fee_minor=100) for n in NUMBERS])
    parent = await new_caller(gateway.engine)
    created = accepted(await call(gateway, parent, "createSubaccount", friendlyName="Shop"))
    child = Caller(created["account"]["sid"], created["authToken"])
    await assert_balances_match_ledger(gateway.engine)

    accepted(await call(gateway, parent, "addFunds", amount="4.50", accountSid=child.sid))
    await assert_balances_match_ledger(gateway.engine)

    first = accepted(await buy(gateway, child, NUMBERS[0]))["activeNumber"]["sid"]
    accepted(await buy(gateway, child, NUMBERS[1]))
    await assert_balances_match_ledger(gateway.engine)

    refused = await buy(gateway, child, NUMBERS[2])  # 0.20 left, 2.15 needed
    assert refused["userErrors"] == [{"code": "INSUFFICIENT_BALANCE"}]
    await assert_balances_match_ledger(gateway.engine)

    release = await gateway.gql(
        "mutation($sid: String!) { releasePhoneNumber(input: {sid: $sid}) "
        "{ refund { amount { amount } } userErrors { code } } }",
        {"sid": first},
        auth=child.auth,
    )
    assert release["releasePhoneNumber"]["userErrors"] == []
    await assert_balances_match_ledger(gateway.engine)

    accepted(await call(gateway, parent, "addFunds", amount="10", accountSid=child.sid))
    restore = await gateway.gql(
        "mutation($n: String!) { restorePhoneNumber(input: {phoneNumber: $n}) "
        "{ userErrors { code } } }",
        {"n": NUMBERS[0]},
        auth=child.auth,
    )
    assert restore["restorePhoneNumber"]["userErrors"] == []
    await assert_balances_match_ledger(gateway.engine)

    closed = await call(gateway, parent, "updateSubaccount", sid=child.sid, status="CLOSED")
    assert accepted(closed)["account"]["status"] == "CLOSED"
    await assert_balances_match_ledger(gateway.engine)


async def test_the_check_notices_a_drift(gateway: Gateway) -> None:
    """The helper itself: a balance changed behind the ledger's back is reported."""
    caller = await new_caller(gateway.engine)
    other = await new_caller(gateway.engine, balance_minor=0)
    async with gateway.engine.begin() as conn:
        await conn.execute(
            update(accounts).where(accounts.c.sid == caller.sid).values(balance_minor=1)
        )
    assert await mismatched_balances(gateway.engine) == {caller.sid: (1, 100_000)}
    assert other.sid not in await mismatched_balances(gateway.engine)
