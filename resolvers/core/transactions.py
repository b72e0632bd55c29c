"""Write transactions with bounded retries when the database reports a conflict.

A unique-constraint violation from a racing request (an idempotency key claimed a moment
earlier), a PostgreSQL serialization failure or deadlock, or SQLite's busy lock: the whole
use-case runs again in a new transaction and sees the winner's committed state.

On SQLite the writers of one process also take turns on an ``asyncio.Lock`` of the engine
before they check out a connection (``writer_turn``). SQLite has one writer at a time anyway;
without the queue, eight waiting ``BEGIN IMMEDIATE`` poll in SQLite's busy handler, which
sleeps 1, 2, 5 … up to 100 ms between tries, so a short transaction waited for a long sleep
(issue 12 item 5: p99 843 ms at 42 purchases a second). The queue hands the lock over in
arrival order at once. It is a schedule, not a guard: correctness still rests on the database
(BEGIN IMMEDIATE, conditional updates, unique keys), and writers of other processes still
meet at the busy timeout. On a SQLite file the transaction itself then runs in one go on a
synchronous connection (``resolvers.core.sqlite_writes``), holding the lock only for SQLite's
own work.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.core.sqlite_writes import sqlite_writer, write_transaction

T = TypeVar("T")
MAX_ATTEMPTS = 4
RETRYABLE_PGCODES = ("40001", "40P01")  # serialization failure, deadlock detected
_TURNS: weakref.WeakKeyDictionary[Engine, asyncio.Lock] = weakref.WeakKeyDictionary()


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    code = getattr(error.orig, "pgcode", None) or getattr(error.orig, "sqlstate", None)
    if code in RETRYABLE_PGCODES:
        return True
    return isinstance(error, OperationalError) and "locked" in str(error.orig)


def writer_turn(engine: AsyncEngine) -> contextlib.AbstractAsyncContextManager[object]:
    """This process's turn to write on a SQLite ``engine`` (nothing to wait for elsewhere)."""
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    turn = _TURNS.get(engine.sync_engine)
    if turn is None:
        turn = _TURNS[engine.sync_engine] = asyncio.Lock()
    return turn


async def transact(
    engine: AsyncEngine, work: Callable[[AsyncConnection], Awaitable[T]], on_loop: bool = False
) -> T:
    """Run ``work`` in one write transaction (BEGIN IMMEDIATE on SQLite), retrying conflicts.
    On a SQLite file the transaction runs in one go on a synchronous connection
    (``resolvers.core.sqlite_writes``), ``on_loop`` for a short one such as a mutation's, else
    in a worker thread: ``work`` must await nothing but its statements."""
    writer = sqlite_writer(engine)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            if writer is not None:
                async with writer_turn(engine):
                    return await write_transaction(engine, writer, work, on_loop)
            async with writer_turn(engine), engine.connect() as connection:
                connection = await connection.execution_options(write=True)
                async with connection.begin():
                    return await work(connection)
        except DBAPIError as error:
            if attempt == MAX_ATTEMPTS or not _retryable(error):
                raise
            await asyncio.sleep(0.01 * attempt)
    raise AssertionError("unreachable")
