"""Four job runners at once, each with its own engine, over the same due work.

On PostgreSQL the runners really overlap (claims are FOR NO KEY UPDATE SKIP LOCKED); on SQLite they
take turns (BEGIN IMMEDIATE). Either way every due cycle is charged exactly once, the account
that cannot pay is suspended exactly once, every ended restore window is closed once and every
aged number returns once; the counts the runners report add up to exactly that work.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from resolvers.core.tables import catalog_numbers, number_events
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from resolvers.jobs.runner import run_once
from resolvers.schedule import JOB_PASSES
from tests.jobs.support import BILLING_PASSES, account_status, charges_per_number
from tests.support.factories import add_account
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.numbers import Number, add_numbers, us_numbers

NOW = datetime(2026, 3, 16, 12, 0, 0)
FEB_15, MAR_15 = datetime(2026, 2, 15, 9), datetime(2026, 3, 15, 9)
RUNNERS, ACCOUNTS, PER_ACCOUNT, RELEASED = 4, 30, 10, 100
POLICY = LifecyclePolicy(batch_size=7, renewal_accounts_per_claim=2)


async def _setup(engine: AsyncEngine) -> tuple[dict[str, int], str]:
    """Expected charges per number sid, and the sid of the account that cannot pay."""
    expected: dict[str, int] = {}
    numbers = iter(us_numbers(ACCOUNTS * PER_ACCOUNT + PER_ACCOUNT + RELEASED, area="212"))
    for index in range(ACCOUNTS):
        billing_date, cycles = (FEB_15, 2) if index % 2 == 0 else (MAR_15, 1)
        account = await add_account(engine)
        specs = [
            Number(next(numbers), owned={"next_billing_date": billing_date})
            for _ in range(PER_ACCOUNT)
        ]
        for sid in await add_numbers(engine, account.sid, specs):
            expected[sid] = cycles
    poor = await add_account(engine, balance_minor=5 * 115 + 50)
    specs = [Number(next(numbers), owned={"next_billing_date": MAR_15}) for _ in range(10)]
    await add_numbers(engine, poor.sid, specs)
    await _add_released(engine, [next(numbers) for _ in range(RELEASED)])
    return expected, poor.sid


async def _add_released(engine: AsyncEngine, phone_numbers: list[str]) -> None:
    """Numbers released long ago: window over, quarantine over."""
    owner = await add_account(engine)
    released_at = NOW - timedelta(days=90)
    specs = [
        Number(
            n,
            catalog={"state": "aging", "aging_until": released_at + timedelta(days=70)},
            owned={
                "status": "RELEASED",
                "next_billing_date": None,
                "released_at": released_at,
                "restorable_until": released_at + timedelta(days=10),
            },
        )
        for n in phone_numbers
    ]
    await add_numbers(engine, owner.sid, specs)


async def _run_concurrently(database_url: str) -> list[dict[str, int]]:
    passes = [(name, job) for name, job in JOB_PASSES if name in BILLING_PASSES]

    async def one_runner() -> dict[str, int]:
        engine = create_engine(Settings(database_url=database_url))
        try:
            results = await run_once(JobEnvironment(engine, FixedClock(NOW), POLICY), passes)
        finally:
            await engine.dispose()
        assert all(r.error is None for r in results), results
        return {r.name: r.count for r in results}

    return list(await asyncio.gather(*(one_runner() for _ in range(RUNNERS))))


async def _event_kinds(engine: AsyncEngine) -> Counter[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(number_events.c.kind, func.count()).group_by(number_events.c.kind)
        )
        return Counter({str(kind): int(count) for kind, count in rows})


async def test_several_runners_process_every_item_exactly_once(database_url: str) -> None:
    engine = create_engine(Settings(database_url=database_url))
    try:
        expected, poor = await _setup(engine)
        reports = await _run_concurrently(database_url)
        totals = Counter[str]()
        for report in reports:
            totals.update(report)
        charged = sum(expected.values()) + 5
        assert totals == {"renewals": charged + 1, "restore_windows": RELEASED, "aging": RELEASED}

        per_number = await charges_per_number(engine)
        assert {sid: per_number.get(sid, 0) for sid in expected} == expected
        assert sum(per_number.values()) == charged
        assert await account_status(engine, poor) == "SUSPENDED"
        assert await _event_kinds(engine) == {
            "RENEWED": charged,
            "ACCOUNT_SUSPENDED": 1,
            "RESTORE_WINDOW_EXPIRED": RELEASED,
        }
        async with engine.connect() as conn:
            aging = await conn.scalar(
                select(func.count()).where(catalog_numbers.c.state == "aging")
            )
        assert aging == 0
        await assert_balances_match_ledger(engine)

        again = await _run_concurrently(database_url)  # same clock time: nothing left
        assert all(set(report.values()) == {0} for report in again), again
        assert sum((await charges_per_number(engine)).values()) == charged
    finally:
        await engine.dispose()
