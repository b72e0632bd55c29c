"""Write transactions with bounded retries when the database reports a conflict.

A unique-constraint violation from a racing request (an idempotency key claimed a moment
earlier), a PostgreSQL serialization failure or deadlock, or SQLite's busy lock: the whole
use-case runs again in a new transaction and sees the winner's committed state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

T = TypeVar("T")
MAX_ATTEMPTS = 4
RETRYABLE_PGCODES = ("40001", "40P01")  # serialization failure, deadlock detected


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    code = getattr(error.orig, "pgcode", None) or getattr(error.orig, "sqlstate", None)
    if code in RETRYABLE_PGCODES:
        return True
    return isinstance(error, OperationalError) and "locked" in str(error.orig)


async def transact(engine: AsyncEngine, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """Run ``work`` in one write transaction (BEGIN IMMEDIATE on SQLite), retrying conflicts."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            async with engine.connect() as connection:
                connection = await connection.execution_options(write=True)
                async with connection.begin():
                    return await work(connection)
        except DBAPIError as error:
            if attempt == MAX_ATTEMPTS or not _retryable(error):
                raise
            await asyncio.sleep(0.01 * attempt)
    raise AssertionError("unreachable")
