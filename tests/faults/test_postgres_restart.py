"""PostgreSQL restarted under load (issue #13 item 10): a private cluster
(``tests.support.services``) is stopped while clients read and buy through a real gateway,
then started again. While it is down every answer is 503 with ``Retry-After``, never a 500
and never slower than the request timeout; once it is back the gateway serves again by
itself; every purchase answered OK is in the database and the books balance.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import select

from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.settings import Settings
from resolvers.core.tables import owned_numbers
from tests.crash.books import broken_invariants
from tests.faults.load import REQUEST_TIMEOUT_SECONDS, Load, start_load
from tests.support.databases import run_blocking
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.server import running_gateway
from tests.support.services import PrivatePostgres, private_postgres

pytestmark = pytest.mark.slow

CLIENTS = 6
NUMBERS_EACH = 300
BEFORE_SECONDS = 2.0
DOWN_SECONDS = 3.0
RECOVERY_LIMIT_SECONDS = 20.0
AFTER_SECONDS = 2.0
SERVER_SETTINGS = {"GATEWAY_RATE_LIMIT_ENABLED": "false"}


async def _create_database(server: PrivatePostgres) -> str:
    conn = await asyncpg.connect(server.admin_dsn)
    try:
        await conn.execute('CREATE DATABASE "gateway"')
    finally:
        await conn.close()
    url = server.database_url("gateway")
    engine = create_engine(Settings(database_url=url))
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    return url


@pytest.fixture
def private_database() -> Iterator[tuple[PrivatePostgres, str]]:
    with private_postgres() as server:
        try:
            yield server, run_blocking(_create_database(server))
        except BaseException:
            print(f"--- private PostgreSQL log ---\n{server.log_tail()}")
            raise


def _pools() -> list[list[str]]:
    return [[f"+1628557{c}{n:03d}" for n in range(NUMBERS_EACH)] for c in range(CLIENTS)]


async def _seed(url: str) -> list[Account]:
    engine = create_engine(Settings(database_url=url))
    try:
        rows = [catalog_row(n, setup_fee_minor=100) for pool in _pools() for n in pool]
        await add_catalog(engine, rows)
        return [await add_account(engine, balance_minor=10_000_000) for _ in range(CLIENTS)]
    finally:
        await engine.dispose()


async def _owned(url: str) -> set[tuple[str, str, str]]:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            columns = (
                owned_numbers.c.account_sid,
                owned_numbers.c.sid,
                owned_numbers.c.phone_number,
            )
            rows = await conn.execute(select(*columns).where(owned_numbers.c.status == "IN_USE"))
            owned = {(str(a), str(s), str(p)) for a, s, p in rows.all()}
        return owned
    finally:
        await engine.dispose()


async def _invariants(url: str) -> list[str]:
    engine = create_engine(Settings(database_url=url))
    try:
        return await broken_invariants(engine)
    finally:
        await engine.dispose()


async def _restart_under_load(
    server: PrivatePostgres, base_url: str, accounts: list[Account]
) -> tuple[Load, float, float]:
    load = Load()
    clients = start_load(base_url, accounts, _pools(), load)
    await asyncio.sleep(BEFORE_SECONDS)
    await asyncio.to_thread(server.stop, "fast")
    stopped = time.monotonic()
    await asyncio.sleep(DOWN_SECONDS)
    await asyncio.to_thread(server.start)
    started = time.monotonic()
    for _ in range(int(RECOVERY_LIMIT_SECONDS / 0.1)):  # until both succeed again
        if load.ok_after(started, "read") and load.ok_after(started, "purchase"):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(AFTER_SECONDS)
    load.stopping.set()
    await clients
    return load, stopped, started


async def test_a_restarted_postgres_is_503_while_down_and_served_again_after(
    private_database: tuple[PrivatePostgres, str], tmp_path: Path
) -> None:
    server, url = private_database
    accounts = await _seed(url)
    with running_gateway(url, tmp_path, workers=1, settings=SERVER_SETTINGS) as gateway:
        load, stopped, started = await _restart_under_load(server, gateway.base_url, accounts)
    print(f"\n{load.summary()}")
    refused = [a for a in load.answers if a.status != 200]
    assert refused, "no request met the stopped database"
    down = load.statuses(stopped + 0.5, started)
    assert down[503] > 0, f"answers while PostgreSQL was down: {dict(down)}"
    assert [a for a in refused if a.status != 503 or a.retry_after is None] == []
    slowest = max(load.answers, key=lambda a: a.seconds)
    assert slowest.seconds < REQUEST_TIMEOUT_SECONDS, slowest
    after = load.statuses(started)
    assert load.ok_after(started, "read"), f"reads did not recover: {dict(after)}"
    assert load.ok_after(started, "purchase"), f"purchases did not recover: {dict(after)}"
    assert set(load.purchased) <= await _owned(url)
    assert await _invariants(url) == []
