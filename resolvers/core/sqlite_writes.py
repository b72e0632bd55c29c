"""SQLite write transactions run without hops to a driver thread (issue 12 item 5).

Through aiosqlite every statement is three or four hops to aiosqlite's thread (cursor,
execute, fetch, close), and between hops the event loop runs other requests' GraphQL work
while this transaction holds SQLite's one write lock: a purchase held it ~29 ms, ~22 of them
waiting for hops. Here a write transaction runs on a synchronous pysqlite connection to the
same file (``writer``), on the event loop's own thread, in one go: the use-case's coroutine
is driven to its end by one ``send`` (its ``AsyncConnection`` proxies a synchronous
connection, so no statement ever suspends it), and the lock is held only for SQLite's own
work, about a millisecond for a purchase. A longer transaction (a job's batch) runs the same
way in one hop to a worker thread instead, leaving the loop free meanwhile.

The loop must never wait for another process's lock: the writer's connections have a busy
timeout of 0 and ``BEGIN IMMEDIATE`` fails at once when another connection writes. Then the
transaction runs again in a worker thread with the configured busy timeout, so the wait
happens off the loop (``_patiently``). A use-case that awaits anything but its statements
(network I/O, a sleep) would hold the lock while it waits: it is refused with
``SuspendedWrite`` instead.

The writer behaves as the engine it serves: its connections are configured by the engine's
``connect`` listeners (pragmas, SQL functions, ``BEGIN IMMEDIATE``), and the engine's
transaction and statement listeners (``begin``/``commit``/``rollback``, statement counts, the
Redis relay's publish at check-in) hear its connections too. Check-out and check-in happen
on the loop's thread.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.base import Executable

T = TypeVar("T")
Work = Callable[[AsyncConnection], Awaitable[T]]
_WRITERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_CHECKPOINTS: weakref.WeakKeyDictionary[Engine, _Checkpoints] = weakref.WeakKeyDictionary()
CHECKPOINT_EVERY = 200  # commits between two checkpoints (SQLite's own: ~1,000 WAL pages)
BUSY_TIMEOUT_MS = "busy_timeout_ms"  # the engine's setting, kept in the connection's info
# The engine's connection events its writer's connections fire as well.
FORWARDED = ("begin", "commit", "rollback", "after_cursor_execute")


class DrivenConnection(AsyncConnection):
    """An ``AsyncConnection`` over a synchronous driver: its statements run at once, so a
    coroutine that awaits only them never suspends (``AsyncConnection`` itself insists on an
    async driver). ``scalar``/``scalars`` and savepoints go through these two."""

    async def execute(
        self, statement: Executable, parameters: Any = None, *, execution_options: Any = None
    ) -> CursorResult[Any]:
        return self._proxied.execute(statement, parameters, execution_options=execution_options)

    async def exec_driver_sql(
        self, statement: str, parameters: Any = None, execution_options: Any = None
    ) -> CursorResult[Any]:
        return self._proxied.exec_driver_sql(statement, parameters, execution_options)


class SuspendedWrite(RuntimeError):
    """A write transaction awaited something other than its own statements."""


def sqlite_writer(engine: AsyncEngine) -> Engine | None:
    """The synchronous engine running ``engine``'s write transactions (None: not a SQLite
    file, whose writes stay on ``engine``). Made at the first write, dropped with ``engine``."""
    parent = engine.sync_engine
    if parent.dialect.name != "sqlite" or parent.url.database in (None, "", ":memory:"):
        return None
    writer = _WRITERS.get(parent)
    if writer is None:
        writer = _WRITERS[parent] = _new_writer(parent)
    return writer


async def write_transaction(
    engine: AsyncEngine, writer: Engine, work: Work[T], on_loop: bool = False
) -> T:
    """``work`` in one ``BEGIN IMMEDIATE`` transaction of ``writer``, in a worker thread (one
    hop), or ``on_loop`` for a short one (a mutation's): on the loop's thread unless another
    connection holds the write lock (then waited for in a worker thread). A job's batch of
    hundreds of rows stays off the loop, where it would hold up every request meanwhile."""
    if on_loop:
        result = await _transaction(engine, writer, work, write=True)
    else:
        with writer.connect() as connection:
            result = await asyncio.to_thread(_patiently, engine, connection, work, True)
    _checkpoints(writer).committed()
    return result


async def read_transaction(engine: AsyncEngine, writer: Engine, work: Work[T]) -> T:
    """``work`` in one read transaction of ``writer`` (a few key lookups, such as a mutation's
    payload read back after its commit), in one go like a write: no hop to a thread."""
    return await _transaction(engine, writer, work, write=False)


async def read_in_one_go(
    engine: AsyncEngine,
    work: Work[T],
    elsewhere: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
) -> T:
    """``work``, a few key lookups: on a SQLite file in one go (``read_transaction``), else on
    a connection from ``elsewhere``. On a loop saturated by writes that never yield, each hop to
    aiosqlite's thread waits for a whole turn of the loop: a sign-in read there took four turns,
    the write loop's p99 (issue 12 item 5)."""
    writer = sqlite_writer(engine)
    if writer is not None:
        return await read_transaction(engine, writer, work)
    async with elsewhere() as connection:
        return await work(connection)


async def _transaction(engine: AsyncEngine, writer: Engine, work: Work[T], write: bool) -> T:
    with writer.connect() as connection:
        try:
            return _run(engine, connection, work, write)
        except OperationalError as error:
            if not is_locked(error):
                raise
    with writer.connect() as connection:  # a fresh connection: the failed BEGIN left nothing
        return await asyncio.to_thread(_patiently, engine, connection, work, write)


class _Checkpoints:
    """The writer's WAL checkpoints, run in a worker thread every ``CHECKPOINT_EVERY`` commits.

    SQLite checkpoints at the commit that grows the WAL past 1,000 pages, on the committing
    connection's thread, and a checkpoint writes pages back and syncs the file. A commit on the
    loop's thread would stall every request for that while (p99 of the purchase loop: ~1 s), so
    the writer's connections do not checkpoint on commit and this does it off the loop instead.
    PASSIVE: it never waits for readers or writers, and one runs at a time."""

    def __init__(self, writer: Engine) -> None:
        self.writer = writer
        self.commits = 0
        self.running: asyncio.Future[None] | None = None

    def committed(self) -> None:
        self.commits += 1
        if self.commits < CHECKPOINT_EVERY or (self.running and not self.running.done()):
            return
        self.commits = 0
        self.running = asyncio.ensure_future(asyncio.to_thread(self._checkpoint))

    def _checkpoint(self) -> None:
        with self.writer.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _checkpoints(writer: Engine) -> _Checkpoints:
    found = _CHECKPOINTS.get(writer)
    if found is None:
        found = _CHECKPOINTS[writer] = _Checkpoints(writer)
    return found


def is_locked(error: OperationalError) -> bool:
    """SQLite's busy answer: another connection holds the lock."""
    return "locked" in str(error.orig)


def _run(engine: AsyncEngine, connection: Connection, work: Work[T], write: bool) -> T:
    connection = connection.execution_options(write=write)
    with connection.begin():
        return _drive(work(DrivenConnection(engine, connection)))


def _patiently(engine: AsyncEngine, connection: Connection, work: Work[T], write: bool) -> T:
    """``_run`` with the engine's busy timeout: SQLite waits for the lock in this thread."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    _busy_timeout(raw, connection.info[BUSY_TIMEOUT_MS])
    try:
        return _run(engine, connection, work, write)
    finally:
        _busy_timeout(raw, 0)


def _drive(coroutine: Awaitable[T]) -> T:
    """Run a coroutine that never suspends to its end, in one step."""
    assert isinstance(coroutine, Coroutine)
    try:
        coroutine.send(None)
    except StopIteration as finished:
        result: T = finished.value
        return result
    coroutine.close()
    raise SuspendedWrite("a SQLite write transaction awaited something besides its statements")


def _new_writer(parent: Engine) -> Engine:
    writer = create_engine(
        parent.url.set(drivername="sqlite+pysqlite"),
        connect_args={"check_same_thread": False},  # a lock wait runs in a worker thread
    )
    source = weakref.ref(parent)
    event.listen(writer.pool, "connect", partial(_connected, source))
    event.listen(writer.pool, "checkin", partial(_checked_in, source))
    event.listen(writer, "before_cursor_execute", partial(_before_cursor, source), retval=True)
    for name in FORWARDED:
        event.listen(writer, name, partial(_forward, source, name))
    event.listen(parent, "engine_disposed", partial(_disposed, weakref.ref(writer)))
    return writer


def _connected(source: weakref.ref[Engine], dbapi_connection: Any, record: Any) -> None:
    parent = source()
    if parent is not None:
        parent.pool.dispatch.connect(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    record.info[BUSY_TIMEOUT_MS] = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    cursor.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run off the loop: _Checkpoints
    cursor.close()
    _busy_timeout(dbapi_connection, 0)


def _checked_in(source: weakref.ref[Engine], dbapi_connection: Any, record: Any) -> None:
    parent = source()
    if parent is not None:
        parent.pool.dispatch.checkin(dbapi_connection, record)


def _before_cursor(source: weakref.ref[Engine], conn: Any, *args: Any) -> tuple[Any, Any]:
    cursor, statement, parameters, context, executemany = args
    parent = source()
    for listener in parent.dispatch.before_cursor_execute if parent is not None else ():
        statement, parameters = listener(conn, cursor, statement, parameters, context, executemany)
    return statement, parameters


def _forward(source: weakref.ref[Engine], name: str, *args: Any) -> None:
    parent = source()
    if parent is not None:
        getattr(parent.dispatch, name)(*args)


def _disposed(writer: weakref.ref[Engine], _engine: Engine) -> None:
    found = writer()
    if found is not None:
        found.dispose()


def _busy_timeout(dbapi_connection: Any, milliseconds: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(milliseconds)}")
    cursor.close()
