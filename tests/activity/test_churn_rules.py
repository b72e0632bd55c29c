"""Issue 13, item 5: churn counted over the account tree, a flagged account's purchases
checked inline, and suspensions the gateway imposed that a parent cannot lift."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from resolvers.activity.fraud import fraud_pass
from resolvers.core.tables import accounts
from tests.activity.support import environment, events
from tests.support.client import Gateway, in_process_gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.mutations import call, refusal
from tests.support.numbers import Caller
from tests.support.provisioning import Buyer, new_buyer, ok, purchase, refused, release

NUMBERS = [f"+1415555010{i}" for i in range(8)]
MINUTE = timedelta(minutes=1)
POLICY: dict[str, Any] = {
    "fraud_window": timedelta(days=1),
    "fraud_flag_threshold": 2,
    "fraud_suspend_threshold": 3,
}


@pytest.fixture
async def strict_gateway(database_url: str) -> AsyncIterator[Gateway]:
    """A gateway whose GATEWAY_FRAUD_* settings flag at 2 churn pairs and suspend at 3."""
    async with in_process_gateway(
        database_url, fraud_flag_threshold=2, fraud_suspend_threshold=3
    ) as gateway:
        yield gateway


async def _buy(gateway: Gateway, buyer: Buyer, phone: str, owner: Buyer | None = None) -> str:
    gateway.clock.advance(MINUTE)
    extra = {"accountSid": owner.sid} if owner else {}
    payload = ok(await purchase(gateway, buyer, phoneNumber=phone, **extra))
    sid: str = payload["activeNumber"]["sid"]
    return sid


async def _release(gateway: Gateway, buyer: Buyer, sid: str) -> None:
    gateway.clock.advance(MINUTE)
    ok(await release(gateway, buyer, sid=sid))


async def _status(gateway: Gateway, sid: str) -> tuple[str, bool]:
    async with gateway.engine.connect() as conn:
        row = (
            await conn.execute(
                select(accounts.c.status, accounts.c.fraud_flagged_at).where(accounts.c.sid == sid)
            )
        ).one()
    return str(row.status), row.fraud_flagged_at is not None


async def test_churn_spread_over_siblings_is_counted_for_the_tree(gateway: Gateway) -> None:
    """Sibling A releases, sibling B buys: neither churns alone, the tree does."""
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    parent = await new_buyer(gateway.engine)
    seller = await new_buyer(gateway.engine, parent_sid=parent.sid)
    buyer = await new_buyer(gateway.engine, parent_sid=parent.sid)
    env = environment(gateway, **POLICY)
    held = [await _buy(gateway, parent, NUMBERS[i], seller) for i in range(3)]
    gateway.clock.advance(timedelta(days=2))  # the seller's own purchases are out of the window
    for index, sid in enumerate(held):
        await _release(gateway, parent, sid)
        await _buy(gateway, parent, NUMBERS[3 + index], buyer)
    assert await fraud_pass(env) == 1
    assert await _status(gateway, seller.sid) == ("SUSPENDED", True)
    assert await _status(gateway, buyer.sid) == ("SUSPENDED", True)
    assert await _status(gateway, parent.sid) == ("ACTIVE", False)  # took no part
    suspended = {sid for _, sid, _ in await events(gateway, "ACCOUNT_SUSPENDED")}
    assert suspended == {seller.sid, buyer.sid}
    [(_, _, data)] = [e for e in await events(gateway, "ACCOUNT_FLAGGED") if e[1] == buyer.sid]
    assert data["churn"] == 3
    assert sorted(data["accountSids"]) == sorted([seller.sid, buyer.sid])


async def test_a_flagged_accounts_purchase_is_checked_inline(strict_gateway: Gateway) -> None:
    gateway = strict_gateway
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    buyer = await new_buyer(gateway.engine)
    sid = await _buy(gateway, buyer, NUMBERS[0])
    for index in (1, 2):
        await _release(gateway, buyer, sid)
        sid = await _buy(gateway, buyer, NUMBERS[index])
    assert await _status(gateway, buyer.sid) == ("ACTIVE", False)  # unflagged: the pass decides
    assert await fraud_pass(environment(gateway, **POLICY)) == 1
    assert await _status(gateway, buyer.sid) == ("ACTIVE", True)
    await _release(gateway, buyer, sid)
    await _buy(gateway, buyer, NUMBERS[3])  # churn 3: suspended by this very purchase
    assert await _status(gateway, buyer.sid) == ("SUSPENDED", True)
    refused(await purchase(gateway, buyer, phoneNumber=NUMBERS[4]), "ACCOUNT_NOT_ACTIVE", 20005)


@pytest.mark.parametrize(
    ("column", "code"),
    [
        ("billing_suspended_at", "SUSPENDED_FOR_NONPAYMENT"),
        ("fraud_flagged_at", "SUSPENDED_FOR_FRAUD"),
    ],
)
async def test_a_parent_cannot_lift_the_gateways_suspension(
    gateway: Gateway, column: str, code: str
) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid)
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update()
            .where(accounts.c.sid == child.sid)
            .values({"status": "SUSPENDED", column: T0})
        )
    caller = Caller(parent.sid, parent.token)
    payload = await call(gateway, caller, "updateSubaccount", sid=child.sid, status="ACTIVE")
    assert refusal(payload, code)["field"] == ["input", "status"]
    assert (await _status(gateway, child.sid))[0] == "SUSPENDED"
    payload = await call(gateway, caller, "updateSubaccount", sid=child.sid, status="CLOSED")
    assert payload["userErrors"] == []  # closing stays the parent's choice
