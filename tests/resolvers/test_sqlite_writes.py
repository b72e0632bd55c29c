"""SQLite write transactions run in one go (resolvers.core.sqlite_writes, issue 12 item 5).

A mutation's transaction runs on the event loop's thread without suspending; one that awaits
anything but its statements is refused and leaves nothing behind; when another connection
holds the write lock, the wait happens off the loop (other tasks keep running) and the write
lands once the lock is free.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Update

from resolvers.core.sqlite_writes import SuspendedWrite
from resolvers.core.tables import accounts
from resolvers.core.transactions import transact
from tests.support.client import Gateway
from tests.support.factories import add_account

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
HOLD_SECONDS = 0.5


def _rename(sid: str, name: str) -> Update:
    return update(accounts).where(accounts.c.sid == sid).values(friendly_name=name)


async def _name(gateway: Gateway, sid: str) -> str:
    async with gateway.engine.connect() as conn:
        name = await conn.scalar(select(accounts.c.friendly_name).where(accounts.c.sid == sid))
    return str(name)


async def test_a_write_that_awaits_something_else_is_refused_and_rolled_back(
    gateway: Gateway,
) -> None:
    account = await add_account(gateway.engine)
    before = await _name(gateway, account.sid)

    async def work(conn: AsyncConnection) -> None:
        await conn.execute(_rename(account.sid, "renamed"))
        await asyncio.sleep(0)  # e.g. a webhook call while holding the write lock

    with pytest.raises(SuspendedWrite):
        await transact(gateway.engine, work, on_loop=True)
    assert await _name(gateway, account.sid) == before


@pytest.mark.parametrize("on_loop", [True, False])
async def test_a_writer_waits_for_another_connection_off_the_loop(
    gateway: Gateway, on_loop: bool
) -> None:
    account = await add_account(gateway.engine)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def work(conn: AsyncConnection) -> int:
        await conn.execute(_rename(account.sid, "second"))
        return int(await conn.scalar(select(func.count()).select_from(accounts)) or 0)

    ticker = asyncio.create_task(tick())
    try:
        async with gateway.engine.connect() as first:
            first = await first.execution_options(write=True)
            async with first.begin():  # BEGIN IMMEDIATE: the write lock, held a while
                await first.execute(_rename(account.sid, "first"))
                waiting = asyncio.create_task(transact(gateway.engine, work, on_loop=on_loop))
                await asyncio.sleep(HOLD_SECONDS)
                assert not waiting.done()
                assert ticks >= 5  # the loop kept running while the writer waited
        assert await waiting >= 1
    finally:
        ticker.cancel()
    assert await _name(gateway, account.sid) == "second"
