"""What every resolver gets: the engine, the authenticated viewer, the clock, and the URL policy
(where callback URLs may point: the operator's settings, set by the gateway per request)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from strawberry.types import Info as StrawberryInfo

from resolvers.core.clock import Clock
from resolvers.core.request_connection import RequestConnection
from resolvers.core.request_rules import DEFAULT_RULES, RequestRules
from resolvers.core.sqlite_writes import read_in_one_go
from resolvers.core.url_policy import STRICT, UrlPolicy
from resolvers.core.visibility import Viewer

T = TypeVar("T")


@dataclass
class RequestContext:
    engine: AsyncEngine
    viewer: Viewer
    clock: Clock
    url_policy: UrlPolicy = STRICT
    rules: RequestRules = DEFAULT_RULES  # GATEWAY_FRAUD_*, GATEWAY_AGING_DAYS
    # The HTTP request's one connection (authentication used it first); without one (a
    # subscription lives for minutes) each read checks out its own.
    connection: RequestConnection | None = None
    # Called when a mutation changed who may sign in (``resolvers.core.sign_in``): the
    # gateway forgets the sign-ins it remembers.
    sign_in_changed: Callable[[], None] = lambda: None

    async def before_write(self) -> None:
        """A write transaction takes a connection of its own (``transact``): give the read
        connection back first, so a request never holds two (a pool of N serves N writers)."""
        if self.connection is not None:
            await self.connection.close()

    async def read_once(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """``work``: a few key lookups after a write (its payload), in one go on a SQLite file
        (``resolvers.core.sqlite_writes.read_in_one_go``); ``work`` awaits nothing but its
        statements."""
        return await read_in_one_go(self.engine, work, self.read)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read connection for one resolver (one coroutine at a time uses it)."""
        if self.connection is not None:
            async with self.connection.use() as connection:
                yield connection
            return
        async with self.engine.connect() as connection:
            yield connection


Info = StrawberryInfo[RequestContext, None]
