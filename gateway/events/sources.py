"""Where a process's broker learns of committed events.

- PostgreSQL: LISTEN on a dedicated asyncpg connection; ``record_event`` runs ``pg_notify`` in
  the event's own transaction, which PostgreSQL delivers to every listener at commit, once per
  listening connection (so once per gateway process). After a (re)connect the source catches
  up on ids above the highest it has seen.
- SQLite: one writer at a time, so ids grow in commit order and polling ``id > last`` every
  ``interval`` seconds sees each event once (several processes on one file each poll).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.events.broker import EventBroker
from resolvers.core.tables import number_events as e
from resolvers.events.outbox import NOTIFY_CHANNEL

log = logging.getLogger("gateway.events")
RECONNECT_DELAY_SECONDS = 1.0
PING_SECONDS = 30.0
CATCH_UP_LIMIT = 1_000


async def max_event_id(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.max(e.c.id))) or 0)


async def ids_after(engine: AsyncEngine, last: int) -> list[int]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(e.c.id).where(e.c.id > last).order_by(e.c.id).limit(CATCH_UP_LIMIT)
        )
        return [int(row.id) for row in rows]


class SqlitePoller:
    def __init__(self, broker: EventBroker, engine: AsyncEngine, interval: float) -> None:
        self.broker, self.engine, self.interval = broker, engine, interval
        self.ready = asyncio.Event()

    async def run(self) -> None:
        last = await max_event_id(self.engine)
        self.ready.set()
        while True:
            await asyncio.sleep(self.interval)
            try:
                ids = await ids_after(self.engine, last)
            except Exception:  # a busy or briefly unavailable file: poll again
                log.exception("could not poll number_events")
                continue
            if ids:
                last = ids[-1]
                self.broker.notify(ids)


class PostgresListener:
    def __init__(self, broker: EventBroker, engine: AsyncEngine) -> None:
        self.broker, self.engine = broker, engine
        self.dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.highest = 0
        self.ready = asyncio.Event()

    async def run(self) -> None:
        import asyncpg  # only a PostgreSQL gateway listens (a SQLite worker is ~3 MB smaller)

        self.highest = await max_event_id(self.engine)
        while True:
            try:
                await self._listen_once()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("LISTEN %s connection lost (%s); reconnecting", NOTIFY_CHANNEL, error)
            await asyncio.sleep(RECONNECT_DELAY_SECONDS)

    async def _listen_once(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(self.dsn)
        closed = asyncio.Event()
        try:
            conn.add_termination_listener(lambda _conn: closed.set())
            await conn.add_listener(NOTIFY_CHANNEL, self._on_notify)
            self._report(await ids_after(self.engine, self.highest))  # missed while away
            self.ready.set()
            while not closed.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(closed.wait(), PING_SECONDS)
                if not closed.is_set():
                    await conn.execute("SELECT 1")  # a dead socket shows up here
        finally:
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self._report([int(payload)])

    def _report(self, ids: list[int]) -> None:
        if ids:
            self.highest = max(self.highest, *ids)
            self.broker.notify(ids)
