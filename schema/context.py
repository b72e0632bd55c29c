"""What every resolver gets: the engine, the authenticated viewer and the clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from strawberry.types import Info as StrawberryInfo

from resolvers.accounts import Viewer
from resolvers.clock import Clock


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


Info = StrawberryInfo[RequestContext, None]
