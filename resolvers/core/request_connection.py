"""One pooled connection for a whole request: authentication and every read of it share it.

It is checked out on first use and given back by ``close`` at the end of the request (the
HTTP endpoint does both), so a request costs one pool checkout however many resolvers read.
Each ``use`` ends with a rollback: free on a PostgreSQL read connection in autocommit (no
transaction was begun, nothing is sent), and on SQLite it ends the deferred read transaction
so a later read of the same request (a mutation's read-back) sees what was committed since.
Resolvers that graphql-core runs side by side take turns (a lock); a nested ``use`` by the
task that holds it gets the same connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.core.sqlite_writes import read_in_one_go

T = TypeVar("T")


class RequestConnection:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[object] | None = None

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncConnection]:
        task = asyncio.current_task()
        if self._connection is not None and task is not None and self._owner is task:
            yield self._connection  # nested: the outer use ends the read
            return
        async with self._lock:
            self._owner = task
            try:
                connection = await self._checked_out()
                try:
                    yield connection
                finally:
                    await self._end_read(connection)
            finally:
                self._owner = None

    async def read_once(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """``work``, a few key lookups (a sign-in): in one go on a SQLite file, without
        checking a connection out (``read_in_one_go``); else in a ``use``."""
        return await read_in_one_go(self.engine, work, self.use)

    async def close(self) -> None:
        """Give the connection back to the pool (nothing happens if none was checked out); a
        later ``use`` checks one out again."""
        async with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None:
                await connection.close()

    async def _checked_out(self) -> AsyncConnection:
        if self._connection is None:
            self._connection = await self.engine.connect()
        return self._connection

    async def _end_read(self, connection: AsyncConnection) -> None:
        try:
            await connection.rollback()
        except Exception:  # unusable (e.g. cut by the server): what was read stands, and
            self._connection = None  # the next use checks out a fresh connection; this one
            await connection.invalidate()  # never goes back to the pool
