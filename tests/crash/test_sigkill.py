"""Crash safety (issue #6, item 3): SIGKILL the whole gateway (uvicorn's supervisor and both
workers) in the middle of a storm of purchases, releases, restores and top-ups, on SQLite and
on PostgreSQL; the database must be consistent right after the crash, after a restart on the
same database, after replaying every call the crash cut off (same idempotency keys), and after
some more traffic (``books.broken_invariants``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.tables import owned_numbers
from tests.concurrency.harness import REQUEST_TIMEOUT_SECONDS, shared_ssl_context
from tests.crash.books import broken_invariants
from tests.crash.storm import Call, Crash, StormClient, Tally, send
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.server import ServerProcess, running_gateway

pytestmark = pytest.mark.slow

WORKERS = 2
CLIENTS = 12
POOL = [f"+1628556{n:04d}" for n in range(1000, 1400)]
# The kill comes once the storm has done this much, or at the time limit on a slow machine;
# the restarted server gets a shorter storm. Either way the storm must have been going:
# at least MIN_ACCEPTED calls accepted, and some calls cut off by the kill.
KILL_AFTER_ACCEPTED = 6 * CLIENTS
AFTER_RESTART_ACCEPTED = 3 * CLIENTS
MIN_ACCEPTED = CLIENTS
STORM_LIMIT_SECONDS = 10.0
# Rate limiting is another feature's business; it must not thin out the storm.
SERVER_SETTINGS = {"GATEWAY_RATE_LIMIT_ENABLED": "false", "GATEWAY_JOBS_INTERVAL_SECONDS": "3600"}


async def _seed(url: str) -> list[Account]:
    engine = create_engine(Settings(database_url=url))
    try:
        await add_catalog(
            engine, [catalog_row(n, setup_fee_minor=100, monthly_fee_minor=115) for n in POOL]
        )
        # A few poor accounts meet INSUFFICIENT_BALANCE now and then.
        balances = [700 if i % 4 == 0 else 10_000_000 for i in range(CLIENTS)]
        return [await add_account(engine, balance_minor=balance) for balance in balances]
    finally:
        await engine.dispose()


@asynccontextmanager
async def _clients(
    server: ServerProcess, accounts: list[Account]
) -> AsyncIterator[list[httpx.AsyncClient]]:
    clients = [
        httpx.AsyncClient(
            base_url=server.base_url,
            headers={"Authorization": basic_auth_header(account.sid, account.token)},
            timeout=REQUEST_TIMEOUT_SECONDS,
            verify=shared_ssl_context(),
        )
        for account in accounts
    ]
    try:
        yield clients
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def _kill(server: ServerProcess, crash: Crash) -> None:
    """SIGKILL the server's process group: the supervisor and every worker, no shutdown."""
    crash.killed = True
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)


async def _owned_by(url: str, account_sid: str) -> dict[str, str]:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                select(owned_numbers.c.sid, owned_numbers.c.phone_number).where(
                    owned_numbers.c.account_sid == account_sid,
                    owned_numbers.c.status == "IN_USE",
                )
            )
            return {str(sid): str(phone) for sid, phone in rows.all()}
    finally:
        await engine.dispose()


async def _invariants(url: str) -> list[str]:
    engine = create_engine(Settings(database_url=url))
    try:
        return await broken_invariants(engine)
    finally:
        await engine.dispose()


async def _storm_then_kill(server: ServerProcess, accounts: list[Account]) -> Tally:
    tally, crash = Tally(milestone=KILL_AFTER_ACCEPTED), Crash()
    async with _clients(server, accounts) as https:
        clients = [StormClient(i, http, POOL, random.Random(i)) for i, http in enumerate(https)]
        until = time.monotonic() + STORM_LIMIT_SECONDS
        forever = KILL_AFTER_ACCEPTED * 1000  # the kill ends this storm
        storm = asyncio.gather(*(client.run(tally, crash, until, forever) for client in clients))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tally.reached.wait(), STORM_LIMIT_SECONDS)
        _kill(server, crash)
        await storm
    return tally


async def _replay_then_storm(
    server: ServerProcess, url: str, accounts: list[Account], cut_off: list[Call]
) -> Tally:
    """Every cut-off call again, twice (same account, same idempotency key: a second answer
    must repeat a first one that succeeded), then a short storm by clients that start from
    what the database says their accounts own."""
    tally, crash = Tally(), Crash()
    async with _clients(server, accounts) as https:
        replays = [
            await asyncio.gather(*(send(https[c.client], c, tally, crash) for c in cut_off))
            for _ in range(2)
        ]
        for call, first, second in zip(cut_off, *replays, strict=True):
            # A refusal is not kept under its key (it may go another way next time); a
            # success is, whether it happened before the kill or at the first replay.
            if first is not None and not first["userErrors"] and first != second:
                tally.failures.append(f"{call}: replayed as {first}, then as {second}")
        clients = [
            StormClient(i, http, POOL, random.Random(100 + i), await _owned_by(url, account.sid))
            for i, (http, account) in enumerate(zip(https, accounts, strict=True))
        ]
        until = time.monotonic() + STORM_LIMIT_SECONDS
        enough = tally.done() + AFTER_RESTART_ACCEPTED
        await asyncio.gather(*(client.run(tally, crash, until, enough) for client in clients))
    return tally


async def test_a_killed_gateway_leaves_consistent_books(
    crash_database: str, tmp_path: Path
) -> None:
    accounts = await _seed(crash_database)
    with running_gateway(
        crash_database, tmp_path / "before", workers=WORKERS, settings=SERVER_SETTINGS
    ) as server:
        before = await _storm_then_kill(server, accounts)
    print(f"\nbefore the kill: {before.summary()}")
    assert not before.failures, "\n".join(before.failures)
    assert before.done() >= MIN_ACCEPTED, "the storm never got going"
    assert before.interrupted, "the kill cut off no call: it did not happen mid-storm"
    assert await _invariants(crash_database) == []

    # The restart needs no second worker (each costs a start-up); the kill needed them.
    with running_gateway(
        crash_database, tmp_path / "after", workers=1, settings=SERVER_SETTINGS
    ) as server:
        after = await _replay_then_storm(server, crash_database, accounts, before.interrupted)
    print(f"after the restart: {after.summary()}")
    assert not after.failures, "\n".join(after.failures)
    assert after.done() >= MIN_ACCEPTED
    assert await _invariants(crash_database) == []
