"""The reclaim pass: an inactive number (older than the activity window) is warned once, then
reclaimed after the grace period unless activity withdraws the warning; numbers of TRIAL and
SUSPENDED accounts go first; the released numbers are refunded and restorable like any."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from resolvers.activity.reclaim import reclaim_pass, warn_batch
from resolvers.core.tables import accounts, owned_numbers
from resolvers.core.transactions import transact
from tests.activity.support import (
    ACTIVITY,
    activity_of,
    environment,
    events,
    feed,
    iso,
    message,
    ok,
)
from tests.compiled.support import both_for
from tests.support.client import Gateway
from tests.support.factories import T0, add_activity
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.numbers import Caller, add_number, new_caller

DAY = timedelta(days=1)
GRACE = timedelta(days=14)
RELEASED = "{ releasedNumbers { nodes { sid restorableUntil } } }"


async def _old_number(gateway: Gateway, caller: Caller, phone: str, age_days: int = 60) -> str:
    """A number bought ``age_days`` ago whose billing cycle ends 20 days from now."""
    purchased_at = T0 - age_days * DAY
    return await add_number(
        gateway.engine,
        caller.sid,
        phone,
        purchased_at=purchased_at,
        next_billing_date=T0 + 20 * DAY,
    )


async def test_an_idle_number_is_warned_once_then_reclaimed_after_the_grace(
    gateway: Gateway,
) -> None:
    caller = await new_caller(gateway.engine)
    idle = await _old_number(gateway, caller, "+14155550100")
    busy = await _old_number(gateway, caller, "+14155550101")
    young = await add_number(gateway.engine, caller.sid, "+14155550102")  # bought 10 days ago
    e911 = await _old_number(gateway, caller, "+14155550103")
    hosted = await add_number(
        gateway.engine, caller.sid, "+14155550104", origin="HOSTED", purchased_at=T0 - 60 * DAY
    )
    await add_activity(gateway.engine, busy, [("MESSAGE", "RECEIVED", 0, T0 - DAY)] * 3)
    async with gateway.engine.begin() as conn:
        await conn.execute(
            owned_numbers.update()
            .where(owned_numbers.c.sid == e911)
            .values(emergency_status="ACTIVE")
        )
    env = environment(gateway, reclaim_grace_period=GRACE)
    assert await reclaim_pass(env) == 1
    assert await reclaim_pass(env) == 0  # same clock time: no second warning
    [(_, warned, data)] = await events(gateway, "RECLAIM_WARNING")
    assert (warned, data["phoneNumber"], data["reclaimAfter"]) == (
        idle,
        "+14155550100",
        iso(T0 + GRACE),
    )
    activity = await activity_of(gateway, caller, idle)
    assert activity is not None
    assert (activity["reclaimWarningAt"], activity["reclaimAfter"]) == (iso(T0), iso(T0 + GRACE))
    for sid in (busy, young, e911, hosted):
        other = await activity_of(gateway, caller, sid)
        assert other is not None
        assert other["reclaimWarningAt"] is None
    gateway.clock.advance(GRACE - timedelta(seconds=1))
    assert await reclaim_pass(env) == 0
    gateway.clock.advance(timedelta(seconds=1))
    assert await reclaim_pass(env) == 1
    [(_, reclaimed, data)] = await events(gateway, "RECLAIMED")
    assert reclaimed == idle
    assert data["refundSid"] is not None  # the unused days of the cycle are refunded
    after = await activity_of(gateway, caller, idle)
    assert after is not None
    assert (after["status"], after["reclaimWarningAt"]) == ("RELEASED", None)
    released = (await gateway.gql(RELEASED, auth=caller.auth))["releasedNumbers"]["nodes"]
    assert [node["sid"] for node in released] == [idle]  # restorable, like any release
    assert await reclaim_pass(env) == 0
    await assert_balances_match_ledger(gateway.engine)


async def test_activity_withdraws_a_pending_warning(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    by_feed = await _old_number(gateway, caller, "+14155550100")
    by_rows = await _old_number(gateway, caller, "+14155550101")
    env = environment(gateway, reclaim_grace_period=GRACE)
    assert await reclaim_pass(env) == 2
    gateway.clock.advance(DAY)
    ok(await feed(gateway, caller, records=[message(by_feed) for _ in range(3)]))
    activity = await activity_of(gateway, caller, by_feed)
    assert activity is not None
    assert (activity["isActive"], activity["reclaimWarningAt"]) == (True, None)
    # activity that reached the table some other way is noticed by the next pass
    await add_activity(gateway.engine, by_rows, [("CALL", "COMPLETED", 30, T0)] * 3)
    assert await reclaim_pass(env) == 1
    cancelled = [sid for _, sid, _ in await events(gateway, "RECLAIM_CANCELED")]
    assert cancelled == [by_feed, by_rows]
    gateway.clock.advance(GRACE)
    assert await reclaim_pass(env) == 0  # both still active: nothing to warn or reclaim
    for sid in (by_feed, by_rows):
        number = await activity_of(gateway, caller, sid)
        assert number is not None
        assert number["status"] == "IN_USE"


async def test_trial_and_suspended_accounts_go_first(gateway: Gateway) -> None:
    paid = await new_caller(gateway.engine)
    trial = await new_caller(gateway.engine, type_="TRIAL")
    suspended = await new_caller(gateway.engine, status="SUSPENDED")
    # the paid number is the oldest: only the account kind puts the others first
    paid_number = await _old_number(gateway, paid, "+14155550100", age_days=90)
    trial_number = await _old_number(gateway, trial, "+14155550101", age_days=60)
    suspended_number = await _old_number(gateway, suspended, "+14155550102", age_days=50)
    now = gateway.clock.now()
    # one small batch takes the trial number (then the suspended one, then the paid one)
    assert await transact(gateway.engine, lambda conn: warn_batch(conn, now, 1, GRACE)) == 1
    env = environment(gateway, reclaim_grace_period=GRACE, reclaim_batch_size=1)
    assert await reclaim_pass(env) == 2
    order = [trial_number, suspended_number, paid_number]
    assert [sid for _, sid, _ in await events(gateway, "RECLAIM_WARNING")] == order
    gateway.clock.advance(GRACE)
    assert await reclaim_pass(env) == 3
    assert [sid for _, sid, _ in await events(gateway, "RECLAIMED")] == order
    await assert_balances_match_ledger(gateway.engine)


async def test_concurrent_passes_warn_and_reclaim_each_number_once(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    sids = [await _old_number(gateway, caller, f"+1415555010{i}") for i in range(6)]
    env = environment(gateway, reclaim_grace_period=GRACE, reclaim_batch_size=2)
    counts = await asyncio.gather(reclaim_pass(env), reclaim_pass(env), reclaim_pass(env))
    assert sum(counts) == 6
    warned = [sid for _, sid, _ in await events(gateway, "RECLAIM_WARNING")]
    assert sorted(warned) == sorted(sids)
    gateway.clock.advance(GRACE)
    counts = await asyncio.gather(reclaim_pass(env), reclaim_pass(env), reclaim_pass(env))
    assert sum(counts) == 6
    reclaimed = [sid for _, sid, _ in await events(gateway, "RECLAIMED")]
    assert sorted(reclaimed) == sorted(sids)
    await assert_balances_match_ledger(gateway.engine)


BOTH = f"""{{
  viewer {{ status flaggedForFraud fraudFlaggedAt }}
  activeNumbers {{ nodes {{ sid activity {{ {ACTIVITY} }} }} }}
}}"""


async def test_both_executors_serve_the_warning_and_the_flag(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await _old_number(gateway, caller, "+14155550100")
    await add_number(gateway.engine, caller.sid, "+14155550101")
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update().where(accounts.c.sid == caller.sid).values(fraud_flagged_at=T0)
        )
    assert await reclaim_pass(environment(gateway, reclaim_grace_period=GRACE)) == 1
    both = await both_for(gateway, caller)
    data = await both.same(BOTH)
    assert data["viewer"] == {
        "status": "ACTIVE",
        "flaggedForFraud": True,
        "fraudFlaggedAt": iso(T0),
    }
    warnings = [n["activity"]["reclaimAfter"] for n in data["activeNumbers"]["nodes"]]
    assert warnings == [iso(T0 + GRACE), None]
