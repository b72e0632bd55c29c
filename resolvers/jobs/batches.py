"""Draining a pass's work one transaction at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.core.transactions import transact

# one transaction's work: (rows claimed, rows changed)
Batch = Callable[[AsyncConnection], Awaitable[tuple[int, int]]]


async def until_drained(engine: AsyncEngine, batch: Batch, limit: int) -> int:
    """Run ``batch`` transactions until one claims fewer rows than ``limit``; rows changed."""
    total = 0
    while True:
        claimed, changed = await transact(engine, batch)
        total += changed
        if claimed < limit:
            return total
