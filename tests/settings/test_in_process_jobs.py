"""``serve`` runs the job passes itself (``GATEWAY_JOBS_IN_PROCESS``, on by default, every
``GATEWAY_JOBS_IN_PROCESS_INTERVAL_SECONDS``): a number falls due, and without any ``jobs``
command it is charged and its status callback hears of it. Turned off, nothing moves.

The first two tests run the app in this process at the test's clock; the last starts
``numbers-gateway serve`` as ``make run`` does (no setting about jobs at all) and stops it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from resolvers.core.tables import ledger_entries
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from resolvers.events.signing import signature_matches
from tests.events.receiver import Receiver, receiving
from tests.settings.support import deliveries, served
from tests.support import databases
from tests.support.factories import T0, add_account
from tests.support.numbers import Number, add_numbers
from tests.support.server import free_port

SIGNATURE = "x-gateway-signature"
LOOPBACK_HOOKS = {"GATEWAY_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"}


async def until(condition: Callable[[], Awaitable[bool]], seconds: float = 15.0) -> None:
    """Poll (the passes run in this event loop or another process: nothing to wait on)."""
    async with asyncio.timeout(seconds):
        while True:  # until the condition holds or the time is up
            if await condition():
                return
            await asyncio.sleep(0.05)


async def a_due_number(database_url: str, due: datetime, callback: str) -> str:
    """An account with a number whose monthly fee is due at ``due``, with ``callback`` as its
    status callback; the account's sid. Written before the gateway starts: a test's write
    must not race the passes for SQLite's lock."""
    engine = create_engine(Settings(database_url=database_url))
    try:
        account = await add_account(engine)
        owned = {
            "purchased_at": due - timedelta(days=30),
            "next_billing_date": due,
            "status_callback": callback,
        }
        await add_numbers(engine, account.sid, [Number("+14155550170", owned=owned)])
    finally:
        await engine.dispose()
    return account.sid


async def an_event(engine: AsyncEngine, account_sid: str, callback: str) -> None:
    """One more event for ``callback``, written as the gateway writes (a write transaction)."""

    async def write(conn: AsyncConnection) -> None:
        await record_event(
            conn,
            account_sid=account_sid,
            kind="ACCOUNT_REACTIVATED",
            node_type="Account",
            node_sid=account_sid,
            now=T0,
            callback_url=callback,
        )

    await transact(engine, write)


async def renewals_charged(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        query = select(func.count()).where(ledger_entries.c.kind == "RENEWAL")
        return int(await conn.scalar(query) or 0)


async def test_serve_charges_renewals_and_sends_webhooks_by_itself(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(T0)
    settings = {"GATEWAY_JOBS_IN_PROCESS": "true", **LOOPBACK_HOOKS}
    settings["GATEWAY_JOBS_IN_PROCESS_INTERVAL_SECONDS"] = "0.05"
    async with receiving([200]) as receiver:
        account_sid = await a_due_number(database_url, T0, receiver.url)
        async with served(monkeypatch, database_url, clock, **settings) as gateway:
            await until(lambda: _heard(receiver, "RENEWED"))
            assert await renewals_charged(gateway.engine) == 1
            await an_event(gateway.engine, account_sid, receiver.url)  # a later one: next run
            await until(lambda: _heard(receiver, "ACCOUNT_REACTIVATED"))
        assert {request.method for request in receiver.requests} == {"POST"}
    assert await renewals_charged(gateway.engine) == 1  # later runs: nothing more was due
    await gateway.engine.dispose()


async def test_the_setting_and_the_interval(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off: nothing is charged or sent. On with an hour between runs: the run at start, then
    nothing until the hour is over."""
    clock = FixedClock(T0)
    async with receiving([200]) as receiver:
        account_sid = await a_due_number(database_url, T0, receiver.url)
        off = {"GATEWAY_JOBS_IN_PROCESS": "false", **LOOPBACK_HOOKS}
        async with served(monkeypatch, database_url, clock, **off) as gateway:
            await asyncio.sleep(0.5)
            assert await renewals_charged(gateway.engine) == 0
        hourly = {"GATEWAY_JOBS_IN_PROCESS": "true", **LOOPBACK_HOOKS}
        hourly["GATEWAY_JOBS_IN_PROCESS_INTERVAL_SECONDS"] = "3600"
        async with served(monkeypatch, database_url, clock, **hourly) as gateway:
            await until(lambda: _heard(receiver, "RENEWED"))  # the run at start
            await an_event(gateway.engine, account_sid, receiver.url)
            await asyncio.sleep(0.5)
            assert not await _heard(receiver, "ACCOUNT_REACTIVATED")
            *at_start, later = await deliveries(gateway.engine)
            assert {d["status"] for d in at_start} == {"DELIVERED"}  # RENEWED, RECLAIM_WARNING
            assert later["status"] == "PENDING"
    await gateway.engine.dispose()


async def _heard(receiver: Receiver, kind: str) -> bool:
    return any(orjson.loads(r.body)["kind"] == kind for r in receiver.requests)


async def test_make_run_serves_with_the_passes_running_and_stops_cleanly(
    sqlite_template: Path, tmp_path: Path
) -> None:
    url = databases.fresh_sqlite(sqlite_template, tmp_path)
    due = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(hours=1)
    async with receiving([200]) as receiver:
        await a_due_number(url, due, receiver.url)
        log = tmp_path / "serve.log"
        with log.open("wb") as output:
            process = _serve_like_make_run(url, output)
        try:
            await until(lambda: _heard(receiver, "RENEWED"), seconds=60)
            secret = await asyncio.to_thread(_webhook_secret_command, url)
            for request in receiver.requests:  # signed, though no secret was configured
                assert signature_matches(secret, request.body, request.headers[SIGNATURE])
            process.send_signal(signal.SIGTERM)
            # uvicorn shuts down, then re-raises the signal it caught: death by SIGTERM
            assert await asyncio.to_thread(process.wait, 20) == -signal.SIGTERM
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    text = log.read_text()
    assert "job passes: renewals=1" in text, text  # the newcomer sees what they did
    assert "Application shutdown complete" in text, text
    assert "Traceback" not in text, text
    assert "CancelledError" not in text, text


def _webhook_secret_command(url: str) -> str:
    """What ``numbers-gateway webhook-secret`` prints for the database at ``url``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GATEWAY_")}
    command = [sys.executable, "-m", "gateway", "webhook-secret", "--database", url]
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        command, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def _serve_like_make_run(url: str, output: IO[bytes]) -> subprocess.Popen[bytes]:
    """``numbers-gateway serve`` with the defaults ``make run`` uses: only the database, a free
    port and the receiver's loopback host allowed differ."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GATEWAY_")}
    env |= {"GATEWAY_DATABASE_URL": url, "GATEWAY_PORT": str(free_port()), **LOOPBACK_HOOKS}
    return subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
