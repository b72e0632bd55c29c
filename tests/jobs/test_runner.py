"""The runner: registered passes in order, a failing pass reported without stopping the rest,
and the serve loop's graceful stop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from resolvers.billing import renewals
from resolvers.catalog import aging
from resolvers.core.clock import FixedClock
from resolvers.jobs.environment import JobEnvironment
from resolvers.jobs.runner import PassResult, run_forever, run_once
from resolvers.provisioning import restore_windows
from resolvers.schedule import JOB_PASSES
from tests.support.factories import T0


@pytest.fixture
async def env() -> AsyncIterator[JobEnvironment]:
    engine: AsyncEngine = create_async_engine("sqlite+aiosqlite://")  # never connected
    yield JobEnvironment(engine, FixedClock(T0))
    await engine.dispose()


async def _boom(env: JobEnvironment) -> int:
    raise RuntimeError("boom")


async def _three(env: JobEnvironment) -> int:
    return 3


def test_billing_and_aging_passes_are_registered_in_order() -> None:
    names = [name for name, _ in JOB_PASSES]
    assert len(names) == len(set(names))
    assert names.index("renewals") < names.index("restore_windows") < names.index("aging")
    assert names == [  # README "Jobs": the order of one run
        "renewals", "hosted_orders", "fraud", "reclaim", "activity_rollup", "restore_windows",
        "aging", "webhooks",
    ]  # fmt: skip


async def test_a_failing_pass_is_reported_and_the_next_ones_still_run(
    env: JobEnvironment,
) -> None:
    results = await run_once(env, [("boom", _boom), ("three", _three)])
    assert [(r.name, r.count, r.error) for r in results] == [
        ("boom", 0, "RuntimeError: boom"),
        ("three", 3, None),
    ]
    assert results[1].as_json_dict()["count"] == 3


async def test_serve_runs_until_stopped(env: JobEnvironment) -> None:
    stop, seen = asyncio.Event(), []

    def report(results: list[PassResult]) -> None:
        seen.append(results)
        if len(seen) == 3:
            stop.set()

    runs = await asyncio.wait_for(run_forever(env, 0.01, stop, report, [("three", _three)]), 5)
    assert runs == 3
    assert [[r.count for r in results] for results in seen] == [[3], [3], [3]]


async def test_a_stop_request_ends_the_pause_at_once(env: JobEnvironment) -> None:
    stop = asyncio.Event()
    runs = await asyncio.wait_for(
        run_forever(env, 3600, stop, lambda _: stop.set(), [("three", _three)]), 5
    )
    assert runs == 1


def test_claims_skip_rows_other_runners_hold_on_postgresql() -> None:
    """Two runners never process one row: each claim skips locked rows there."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    claims = [
        renewals._claim("", T0, 10),
        restore_windows._expiring_claim(T0, 10),
        aging._aged_claim(T0, 10),
    ]
    for claim in claims:
        assert "FOR NO KEY UPDATE SKIP LOCKED" in str(claim.compile(dialect=dialect))
