"""What every resolver gets: the engine, the authenticated viewer and the clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from strawberry.types import Info as StrawberryInfo

from resolvers.core.clock import Clock
from resolvers.core.transactions import transact
from resolvers.core.visibility import Viewer

T = TypeVar("T")


@dataclass
class RequestContext:
    engine: AsyncEngine
    viewer: Viewer
    clock: Clock

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read connection for one resolver (one coroutine at a time uses it)."""
        async with self.engine.connect() as connection:
            yield connection

    async def write(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run a use-case in one write transaction (retried on database conflicts)."""
        return await transact(self.engine, work)


Info = StrawberryInfo[RequestContext, None]
