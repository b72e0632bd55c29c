"""Release-and-buy churn: past the flag threshold (within the window) the account is flagged,
past the suspend threshold it is suspended and can buy no more; plain growth, slow turnover
and the gateway's own reclaims are not churn."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from resolvers.activity.fraud import fraud_pass
from resolvers.activity.reclaim import reclaim_pass
from tests.activity.support import environment, events, iso
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.provisioning import Buyer, new_buyer, ok, purchase, refused, release

NUMBERS = [f"+1415555010{i}" for i in range(8)]
VIEWER = "{ viewer { status flaggedForFraud fraudFlaggedAt } }"
MINUTE = timedelta(minutes=1)
POLICY: dict[str, Any] = {
    "fraud_window": timedelta(days=1),
    "fraud_flag_threshold": 2,
    "fraud_suspend_threshold": 3,
}


async def _buy(gateway: Gateway, buyer: Buyer, phone: str) -> str:
    gateway.clock.advance(MINUTE)
    sid: str = ok(await purchase(gateway, buyer, phoneNumber=phone))["activeNumber"]["sid"]
    return sid


async def _release(gateway: Gateway, buyer: Buyer, sid: str) -> None:
    gateway.clock.advance(MINUTE)
    ok(await release(gateway, buyer, sid=sid))


async def _viewer(gateway: Gateway, buyer: Buyer) -> dict[str, Any]:
    viewer: dict[str, Any] = (await gateway.gql(VIEWER, auth=buyer.auth))["viewer"]
    return viewer


async def test_churn_flags_then_suspends_the_account(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    buyer = await new_buyer(gateway.engine)
    env = environment(gateway, **POLICY)
    sid = await _buy(gateway, buyer, NUMBERS[0])
    await _release(gateway, buyer, sid)
    sid = await _buy(gateway, buyer, NUMBERS[1])  # churn 1
    assert await fraud_pass(env) == 0
    assert await _viewer(gateway, buyer) == {
        "status": "ACTIVE",
        "flaggedForFraud": False,
        "fraudFlaggedAt": None,
    }
    await _release(gateway, buyer, sid)
    sid = await _buy(gateway, buyer, NUMBERS[2])  # churn 2: flagged
    assert await fraud_pass(env) == 1
    assert await fraud_pass(env) == 0  # same time: nothing new
    flagged_at = gateway.clock.now()
    viewer = await _viewer(gateway, buyer)
    assert (viewer["status"], viewer["flaggedForFraud"]) == ("ACTIVE", True)
    assert viewer["fraudFlaggedAt"] == iso(flagged_at)
    await _release(gateway, buyer, sid)
    await _buy(gateway, buyer, NUMBERS[3])  # churn 3: suspended
    assert await fraud_pass(env) == 1
    viewer = await _viewer(gateway, buyer)
    assert (viewer["status"], viewer["flaggedForFraud"]) == ("SUSPENDED", True)
    refused(await purchase(gateway, buyer, phoneNumber=NUMBERS[4]), "ACCOUNT_NOT_ACTIVE", 20005)
    assert await fraud_pass(env) == 0
    kinds = [(kind, sid) for kind, sid, _ in await events(gateway, "ACCOUNT_FLAGGED")]
    assert kinds == [("ACCOUNT_FLAGGED", buyer.sid)]
    [(_, suspended, data)] = await events(gateway, "ACCOUNT_SUSPENDED")
    assert (suspended, data["churn"], data["reason"]) == (buyer.sid, 3, "FRAUD")
    await assert_balances_match_ledger(gateway.engine)


async def test_growth_slow_turnover_and_reclaims_are_not_churn(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    grower, slow = await new_buyer(gateway.engine), await new_buyer(gateway.engine)
    env = environment(gateway, **{**POLICY, "fraud_flag_threshold": 1})
    # buying first and releasing afterwards is not release-then-buy
    bought = [await _buy(gateway, grower, phone) for phone in NUMBERS[:3]]
    for sid in bought:
        await _release(gateway, grower, sid)
    # a release and a purchase two days apart fall in different windows
    sid = await _buy(gateway, slow, NUMBERS[3])
    await _release(gateway, slow, sid)
    gateway.clock.advance(timedelta(days=2))
    await _buy(gateway, slow, NUMBERS[4])
    assert await fraud_pass(env) == 0
    for buyer in (grower, slow):
        assert (await _viewer(gateway, buyer))["flaggedForFraud"] is False


async def test_a_reclaim_followed_by_a_purchase_is_not_churn(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    buyer = await new_buyer(gateway.engine)
    env = environment(
        gateway, **{**POLICY, "fraud_flag_threshold": 1}, reclaim_grace_period=T0 - T0
    )
    await _buy(gateway, buyer, NUMBERS[0])
    gateway.clock.advance(timedelta(days=31))  # inactive and old enough
    assert await reclaim_pass(env) == 1  # warned, with no grace
    gateway.clock.advance(MINUTE)
    assert await reclaim_pass(env) == 1  # reclaimed
    await _buy(gateway, buyer, NUMBERS[1])
    assert await fraud_pass(env) == 0
    assert (await _viewer(gateway, buyer))["flaggedForFraud"] is False
