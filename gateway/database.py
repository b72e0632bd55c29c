"""Engine creation for both storage backends.

SQLite gets WAL, foreign keys and a busy timeout on every connection, plus the SQL functions
that PostgreSQL has natively or through the migration (``great_circle_miles``).

Each SQLite connection keeps a small page cache of its own (``SQLITE_CACHE_KIB``, SQLite's
default is 2 MB): the operating system's file cache already holds the database's hot pages
once for every connection and every worker, while a connection's own cache is private
resident memory, per pooled connection (issue 12 item 6: at 8 connections reading pages of 500
full-tree numbers from the 1,000,000-number catalog, 2 MB caches cost a worker ~14 MB of its
peak for no throughput measured).

SQLite transactions are begun by us, not by the driver: a connection marked with the execution
option ``write=True`` begins with ``BEGIN IMMEDIATE`` and so takes the write lock up front.
Otherwise two writers that both read first would deadlock on the lock upgrade, which the busy
timeout cannot resolve (SQLAlchemy's documented pysqlite/aiosqlite transaction recipe).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.settings import Settings
from resolvers.reads.geography import great_circle_miles

SQLITE_CACHE_KIB = 256


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.async_database_url
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        return engine
    # No ping on checkout (a round trip per request): a connection the server has cut fails
    # its statement instead, SQLAlchemy invalidates the whole pool on that disconnect error,
    # and the request is answered 503 (gateway.unavailable); the next request reconnects.
    return create_async_engine(
        url, pool_size=settings.pool_size, max_overflow=settings.pool_size, pool_pre_ping=False
    )


def read_engine(engine: AsyncEngine) -> AsyncEngine:
    """The engine requests read through (same pool): on PostgreSQL in autocommit, so a read
    sends no BEGIN/ROLLBACK around its statements (each is its own snapshot, as under READ
    COMMITTED anyway); SQLite keeps its explicit read transactions (``_on_begin``)."""
    if is_sqlite(engine):
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def is_transaction_control(statement: str) -> bool:
    """SQLite's explicit BEGIN and friends: not queries, so statement counts leave them out."""
    return statement.lstrip().upper().startswith(TRANSACTION_CONTROL)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # negative: KiB, not pages
        cursor.close()
        dbapi_connection.create_function(
            "great_circle_miles", 4, _nullable(great_circle_miles), deterministic=True
        )
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _nullable(fn: Any) -> Any:
    def wrapper(*args: float | None) -> float | None:
        if any(arg is None for arg in args):
            return None
        return float(fn(*args))

    return wrapper
