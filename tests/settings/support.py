"""Settings as an operator gives them: ``GATEWAY_*`` environment variables, read by
``Settings()`` where ``jobs run``/``jobs serve`` and ``serve`` read them.

- ``jobs_environment``: what ``jobs run``/``jobs serve`` open (``open_job_environment`` over
  ``Settings()``), at a clock the test moves.
- ``served_app``/``served``: what a ``serve`` worker runs (``create_app(Settings())``, as
  ``app_from_environment`` does, with the test's clock), through its lifespan.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.jobs_command import open_job_environment
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from resolvers.core.tables import webhook_deliveries
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from resolvers.jobs.environment import JobEnvironment
from resolvers.jobs.runner import PassResult, run_once
from resolvers.schedule import JOB_PASSES
from tests.support.client import Gateway
from tests.support.factories import add_account

VARIABLES = {f"GATEWAY_{name.upper()}" for name in Settings.model_fields}


def use_environment(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]) -> None:
    """Exactly these ``GATEWAY_*`` settings (any others of this process are taken away), and
    no job passes in the background unless ``GATEWAY_JOBS_IN_PROCESS`` is among them."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in {"GATEWAY_JOBS_IN_PROCESS": "false", **variables}.items():
        assert name in VARIABLES, f"{name} is not a setting"
        monkeypatch.setenv(name, value)


@asynccontextmanager
async def jobs_environment(
    monkeypatch: pytest.MonkeyPatch, database_url: str, clock: FixedClock, **variables: str
) -> AsyncIterator[JobEnvironment]:
    use_environment(monkeypatch, {"GATEWAY_DATABASE_URL": database_url, **variables})
    async with open_job_environment(Settings(), clock) as env:
        yield env


async def run_passes(env: JobEnvironment, *names: str) -> list[PassResult]:
    """The registered passes of these names, as ``jobs run`` runs them."""
    return await run_once(env, [(name, job) for name, job in JOB_PASSES if name in names])


async def run_pass(env: JobEnvironment, name: str) -> int:
    """One registered pass, which must succeed; the items it processed."""
    [result] = await run_passes(env, name)
    assert result.error is None, result.error
    return result.count


@asynccontextmanager
async def served_app(
    monkeypatch: pytest.MonkeyPatch, database_url: str, clock: FixedClock, **variables: str
) -> AsyncIterator[Starlette]:
    """A serve worker's app, started and stopped (over an already migrated database unless
    ``GATEWAY_MIGRATE_ON_START`` says otherwise)."""
    defaults = {"GATEWAY_DATABASE_URL": database_url, "GATEWAY_MIGRATE_ON_START": "false"}
    use_environment(monkeypatch, {**defaults, **variables})
    app = create_app(Settings(), clock=clock)
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def served(
    monkeypatch: pytest.MonkeyPatch, database_url: str, clock: FixedClock, **variables: str
) -> AsyncIterator[Gateway]:
    """``served_app`` reached over httpx."""
    async with served_app(monkeypatch, database_url, clock, **variables) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield Gateway(http, app.state.engine, clock)


@dataclass
class Transactions:
    committed: int = 0


@contextmanager
def counting_transactions(engine: AsyncEngine) -> Iterator[Transactions]:
    """How many transactions commit on ``engine`` inside the block."""
    seen = Transactions()

    def commit(_connection: Any) -> None:
        seen.committed += 1

    event.listen(engine.sync_engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "commit", commit)


async def queue_deliveries(engine: AsyncEngine, url: str, count: int, now: datetime) -> None:
    """``count`` events of a new account, each with a delivery to ``url`` due at ``now``, in
    one transaction (so a delivery pass finds them all at once)."""
    account = await add_account(engine)

    async def write(conn: AsyncConnection) -> None:
        for _ in range(count):
            await record_event(
                conn,
                account_sid=account.sid,
                kind="ACCOUNT_REACTIVATED",
                node_type="Account",
                node_sid=account.sid,
                now=now,
                callback_url=url,
            )

    await transact(engine, write)


async def deliveries(engine: AsyncEngine) -> list[dict[str, Any]]:
    """Every webhook delivery, oldest first."""
    async with engine.connect() as conn:
        rows = await conn.execute(select(webhook_deliveries).order_by(webhook_deliveries.c.id))
        return [dict(row._mapping) for row in rows]
