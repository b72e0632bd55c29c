"""Renewals while owners release the very numbers being renewed, on both databases.

A due number's release refunds nothing, so it never waits for the account row the renewal
runner holds; whichever commits first, the number is charged at most once, and no pass fails.
A release of a number just renewed refunds its unused days, holding the account row for a
moment: a claim then skips that account, and the next pass takes it. So after the racing pass
and one more, every number kept is charged exactly once, and the balance stays the sum of the
ledger.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from resolvers.jobs.runner import run_once
from resolvers.schedule import JOB_PASSES
from tests.jobs.support import charges_per_number
from tests.support.client import Gateway
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.numbers import Number, add_numbers, us_numbers
from tests.support.provisioning import Buyer, new_buyer, ok, release

DUE = datetime(2026, 2, 15, 12, 0, 0)
POLICY = LifecyclePolicy(batch_size=3, renewal_accounts_per_claim=1)
RENEWALS = [(name, job) for name, job in JOB_PASSES if name == "renewals"]


async def _runner(gateway: Gateway) -> int:
    engine = create_engine(
        Settings(database_url=gateway.engine.url.render_as_string(hide_password=False))
    )
    try:
        [result] = await run_once(JobEnvironment(engine, FixedClock(DUE), POLICY), RENEWALS)
    finally:
        await engine.dispose()
    assert result.error is None, result.error
    return result.count


async def _owner(gateway: Gateway, numbers: list[str]) -> tuple[Buyer, list[str]]:
    buyer = await new_buyer(gateway.engine)
    owned = {"next_billing_date": DUE}
    sids = await add_numbers(gateway.engine, buyer.sid, [Number(n, owned=owned) for n in numbers])
    return buyer, sids


async def test_releases_racing_renewals_charge_each_number_at_most_once(
    gateway: Gateway,
) -> None:
    gateway.clock.current = DUE
    phone_numbers = us_numbers(36)
    owners = [await _owner(gateway, phone_numbers[i : i + 12]) for i in range(0, 36, 12)]
    releasing = [(buyer, sid) for buyer, sids in owners for sid in sids[::2]]
    kept = {sid for _, sids in owners for sid in sids[1::2]}

    async def release_all() -> None:
        for buyer, sid in releasing:
            ok(await release(gateway, buyer, sid=sid))

    counts = await asyncio.gather(_runner(gateway), _runner(gateway), release_all())
    during = await charges_per_number(gateway.engine)
    assert set(during.values()) <= {1}
    assert counts[0] + counts[1] == sum(during.values())
    await assert_balances_match_ledger(gateway.engine)

    after = await _runner(gateway)  # whatever a request's lock made the racing pass skip
    per_number = await charges_per_number(gateway.engine)
    assert {sid: per_number.get(sid) for sid in kept} == dict.fromkeys(kept, 1)
    assert all(per_number.get(sid, 0) <= 1 for _, sid in releasing)
    assert sum(per_number.values()) == sum(during.values()) + after
    await assert_balances_match_ledger(gateway.engine)
    assert await _runner(gateway) == 0
