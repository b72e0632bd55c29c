"""The settings of ``serve`` (and of the engine both commands share) that no other test sets:
each one, given as a ``GATEWAY_*`` variable, changes what the running gateway does."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

import gateway.seed
from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from tests.protection.support import error_of
from tests.settings.support import jobs_environment, run_pass, run_passes, served, served_app
from tests.support import databases
from tests.support.factories import T0, add_account
from tests.support.numbers import Number, add_numbers, sign_in
from tests.support.server import ServerProcess, free_port, server_environment, stop

# README "Demo credentials": the seeded parent account
DEMO_SID, DEMO_TOKEN = "AC4d6cc587f131b168b6a8c33385597c68", "20ed25d59123ec4177bd4fead4a3f550"
VIEWER = "{ viewer { sid } }"


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated SQLite database (these settings concern SQLite only)."""
    return databases.fresh_sqlite(sqlite_template, tmp_path)


async def test_document_limits(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    limits = {
        "GATEWAY_MAX_QUERY_ALIASES": "2",
        "GATEWAY_MAX_QUERY_TOKENS": "20",
        "GATEWAY_MAX_QUERY_COST": "5",
    }
    async with served(monkeypatch, database_url, FixedClock(T0), **limits) as gateway:
        await sign_in(gateway)
        assert (await gateway.post("{ a: viewer { sid } b: viewer { sid } }")).status_code == 200
        three = "{ a: viewer { sid } b: viewer { sid } c: viewer { sid } }"  # 20 tokens
        aliases = error_of(await gateway.post(three))
        assert aliases["extensions"] == {"code": "QUERY_TOO_COMPLEX", "aliases": 3, "limit": 2}
        tokens = error_of(await gateway.post("{ viewer { " + "sid " * 17 + "} }"))  # 21 tokens
        assert tokens["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": 20}
        cost = error_of(await gateway.post("{ activeNumbers(first: 4) { nodes { sid } } }"))
        refused = (cost["extensions"]["code"], cost["extensions"]["maxCost"])
        assert refused == ("MAX_COST_EXCEEDED", 5)


async def test_migrate_on_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    for migrate, tables in (("false", False), ("true", True)):
        async with served_app(
            monkeypatch, url, FixedClock(T0), GATEWAY_MIGRATE_ON_START=migrate
        ) as app:
            assert await _has_table(app.state.engine, "accounts") is tables


async def test_seed_demo_on_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real seeder, with a small catalog: the default 100,000 numbers take a minute.
    small = functools.partial(gateway.seed.seed_demo, size=300, owned=20)
    monkeypatch.setattr(gateway.seed, "seed_demo", small)
    demo = basic_auth_header(DEMO_SID, DEMO_TOKEN)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    on_start = {"GATEWAY_MIGRATE_ON_START": "true"}
    async with served(monkeypatch, url, FixedClock(T0), **on_start) as unseeded:
        assert (await unseeded.post(VIEWER, auth=demo)).status_code == 401
    seeded_too = {**on_start, "GATEWAY_SEED_DEMO_ON_START": "true"}
    async with served(monkeypatch, url, FixedClock(T0), **seeded_too) as seeded:
        assert (await seeded.gql(VIEWER, auth=demo))["viewer"] == {"sid": DEMO_SID}


async def test_sqlite_busy_timeout_in_serve_and_jobs(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write waits for SQLite's lock as long as the setting says (the default: 15 s), then
    fails; both commands create their engine from it."""
    short = {"GATEWAY_SQLITE_BUSY_TIMEOUT_MS": "50"}
    clock = FixedClock(T0)
    async with served(monkeypatch, sqlite_url, clock, **short) as gateway:
        await sign_in(gateway)
        add_funds = 'mutation { addFunds(input: { amount: "5.00" }) { userErrors { code } } }'
        with _write_lock_held(sqlite_url):
            async with asyncio.timeout(5):
                response = await gateway.post(add_funds)
        assert response.json()["errors"][0]["message"] == "Internal server error"
        assert (await gateway.gql(add_funds))["addFunds"]["userErrors"] == []
    await _add_a_due_number(sqlite_url)
    async with jobs_environment(monkeypatch, sqlite_url, clock, **short) as env:
        with _write_lock_held(sqlite_url):
            async with asyncio.timeout(5):
                [renewals] = await run_passes(env, "renewals")
        assert renewals.error is not None
        assert "database is locked" in renewals.error
        assert await run_pass(env, "renewals") == 1  # the lock is gone: charged now


async def test_pool_size_in_serve_and_jobs(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``GATEWAY_POOL_SIZE`` connections plus as many overflow: a third at once must wait."""
    one = {"GATEWAY_POOL_SIZE": "1"}
    async with served_app(monkeypatch, postgres_url, FixedClock(T0), **one) as app:
        assert await _connections_before_waiting(app.state.engine) == 2
    async with jobs_environment(monkeypatch, postgres_url, FixedClock(T0), **one) as env:
        assert await _connections_before_waiting(env.engine) == 2


# a sign-in alone takes no pooled connection on a SQLite file (gateway.auth): a read does
VIEWER_AND_NUMBERS = "{ viewer { sid } activeNumbers(first: 1) { totalCount } }"


async def test_sqlite_concurrent_requests(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite at most ``GATEWAY_SQLITE_CONCURRENT_REQUESTS`` GraphQL requests hold a
    connection at once (the others wait their turn and are answered all the same); ``0``
    lifts the bound."""
    assert await _connections_held_by_eight_requests(monkeypatch, sqlite_url, "2") == 2
    assert await _connections_held_by_eight_requests(monkeypatch, sqlite_url, "0") > 2


async def _connections_held_by_eight_requests(
    monkeypatch: pytest.MonkeyPatch, url: str, slots: str
) -> int:
    bound = {"GATEWAY_SQLITE_CONCURRENT_REQUESTS": slots, "GATEWAY_AUTH_CACHE_SECONDS": "0"}
    async with served(monkeypatch, url, FixedClock(T0), **bound) as gateway:
        caller = await sign_in(gateway)
        with _most_connections_out(gateway.engine) as most:
            answers = await asyncio.gather(*(gateway.gql(VIEWER_AND_NUMBERS) for _ in range(8)))
    assert answers == [{"viewer": {"sid": caller.sid}, "activeNumbers": {"totalCount": 0}}] * 8
    return most[0]


@contextlib.contextmanager
def _most_connections_out(engine: AsyncEngine) -> Iterator[list[int]]:
    """The most connections checked out of the pool at once inside the block (``[n]``). Only
    the pool's own check-ins count: the SQLite writer's connections check in through the
    pool's listeners too (``resolvers.core.sqlite_writes``), never out."""
    out: set[int] = set()
    most = [0]

    def checkout(dbapi_connection: Any, *_: Any) -> None:
        out.add(id(dbapi_connection))
        most[0] = max(most[0], len(out))

    def checkin(dbapi_connection: Any, *_: Any) -> None:
        out.discard(id(dbapi_connection))

    event.listen(engine.sync_engine.pool, "checkout", checkout)
    event.listen(engine.sync_engine.pool, "checkin", checkin)
    try:
        yield most
    finally:
        event.remove(engine.sync_engine.pool, "checkout", checkout)
        event.remove(engine.sync_engine.pool, "checkin", checkin)


async def test_events_poll_interval(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite a subscriber learns of an event at the next poll of the outbox."""
    slow = {"GATEWAY_EVENTS_POLL_INTERVAL": "2.0"}
    async with served_app(monkeypatch, sqlite_url, FixedClock(T0), **slow) as app:
        account = await add_account(app.state.engine)
        async with app.state.event_broker.subscribe() as events:
            await _record_an_event(app.state.engine, account.sid)
            first = asyncio.ensure_future(anext(events))
            done, _ = await asyncio.wait({first}, timeout=1.0)
            assert not done  # the default (0.25 s) would have polled four times by now
            event = await asyncio.wait_for(first, 5)
    assert event["account_sid"] == account.sid


def test_host_and_log_level(sqlite_url: str, tmp_path: Path) -> None:
    settings = {"GATEWAY_HOST": "127.0.0.2", "GATEWAY_LOG_LEVEL": "warning"}
    with _serving(sqlite_url, tmp_path, settings) as server:
        assert httpx.get(f"{server.base_url}/healthz", timeout=5).status_code == 200
        elsewhere = server.base_url.replace("127.0.0.2", "127.0.0.1")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{elsewhere}/healthz", timeout=5)
    log = server.log_path.read_text()
    assert "Application startup complete" not in log  # uvicorn's info lines
    assert "Uvicorn running on" not in log


@contextlib.contextmanager
def _serving(url: str, workdir: Path, settings: dict[str, str]) -> Iterator[ServerProcess]:
    """``numbers-gateway serve`` on ``GATEWAY_HOST``, ready once ``/healthz`` answers there
    (its log cannot say so: the log level hides uvicorn's startup lines)."""
    port = free_port()
    log_path = workdir / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway", "serve"],
            cwd=workdir,
            env=server_environment(url, port, 1, settings),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = ServerProcess(process, f"http://{settings['GATEWAY_HOST']}:{port}", log_path, 1)
    try:
        _wait_for_health(server)
        yield server
    finally:
        stop(server)


def _wait_for_health(server: ServerProcess) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log_tail()
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.base_url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"gateway not healthy:\n{server.log_tail()}")


@contextlib.contextmanager
def _write_lock_held(url: str) -> Iterator[None]:
    """Another process's writer: SQLite's write lock, held until the block ends."""
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.rollback()
        holder.close()


async def _has_table(engine: AsyncEngine, name: str) -> bool:
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    return name in names


async def _connections_before_waiting(engine: AsyncEngine) -> int:
    """How many connections the engine hands out at once before the next one waits."""
    async with contextlib.AsyncExitStack() as held:
        for count in range(1, 12):
            try:
                await asyncio.wait_for(held.enter_async_context(engine.connect()), 1.0)
            except TimeoutError:
                return count - 1
    raise AssertionError("more than 10 connections at once")


async def _record_an_event(engine: AsyncEngine, account_sid: str) -> None:
    async def write(conn: Any) -> None:
        await record_event(
            conn,
            account_sid=account_sid,
            kind="ACCOUNT_REACTIVATED",
            node_type="Account",
            node_sid=account_sid,
            now=T0,
        )

    await transact(engine, write)


async def _add_a_due_number(url: str) -> None:
    engine = create_engine(Settings(database_url=url))
    try:
        account = await add_account(engine)
        due = {"next_billing_date": T0}
        await add_numbers(engine, account.sid, [Number("+14155550600", owned=due)])
    finally:
        await engine.dispose()


async def test_aging_and_churn(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests obey GATEWAY_AGING_DAYS (a release's quarantine) and the fraud thresholds (a
    flagged account's purchase is checked inline)."""
    from datetime import timedelta

    from sqlalchemy import select

    from resolvers.core.tables import accounts, catalog_numbers
    from tests.support.factories import add_catalog, catalog_row
    from tests.support.provisioning import new_buyer, ok, purchase, release

    settings = {"GATEWAY_AGING_DAYS": "7", "GATEWAY_FRAUD_SUSPEND_THRESHOLD": "1"}
    async with served(monkeypatch, database_url, FixedClock(T0), **settings) as gateway:
        first, second = "+14155550600", "+14155550601"
        await add_catalog(gateway.engine, [catalog_row(first), catalog_row(second)])
        buyer = await new_buyer(gateway.engine)
        async with gateway.engine.begin() as conn:
            flag = accounts.update().where(accounts.c.sid == buyer.sid)
            await conn.execute(flag.values(fraud_flagged_at=T0))
        sid = ok(await purchase(gateway, buyer, phoneNumber=first))["activeNumber"]["sid"]
        ok(await release(gateway, buyer, sid=sid))
        ok(await purchase(gateway, buyer, phoneNumber=second))  # one churn pair: suspended
        async with gateway.engine.connect() as conn:
            status = await conn.scalar(select(accounts.c.status).where(accounts.c.sid == buyer.sid))
            aging_until = await conn.scalar(
                select(catalog_numbers.c.aging_until).where(catalog_numbers.c.phone_number == first)
            )
    assert status == "SUSPENDED"
    assert aging_until == T0 + timedelta(days=10 + 7)
