"""Fresh databases for tests: a copied, pre-migrated SQLite file, or a truncated PostgreSQL
database created for this test session (so parallel runs never share one)."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest

from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.settings import Settings
from resolvers.core.tables import metadata

T = TypeVar("T")

POSTGRES_ADMIN_DSN = os.environ.get(
    "GATEWAY_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


def run_blocking(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on a thread of its own (fixtures may run inside a loop)."""
    results: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(asyncio.run(coroutine))
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


def postgres_reachable() -> bool:
    async def probe() -> bool:
        try:
            conn = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=3)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            return False
        await conn.close()
        return True

    return run_blocking(probe())


def _database_url(name: str) -> str:
    base, _, _ = POSTGRES_ADMIN_DSN.rpartition("/")
    return f"{base}/{name}"


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _migrate(url: str) -> None:
    engine = create_engine(Settings(database_url=url))
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


def create_postgres_database(*, migrated: bool = True) -> str:
    """A new database for this test session (migrated unless told otherwise); its URL. A
    migrated one is a copy of this process's migrated template (``_migrated_template``):
    half the time of running the migration chain again."""
    name = f"gw_test_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{_migrated_template()}"' if migrated else ""
    run_blocking(_admin(f'CREATE DATABASE "{name}"{template}'))
    return _database_url(name)


_templates: list[str] = []


def _migrated_template() -> str:
    """A database migrated once for this process (an xdist worker has its own), copied by
    ``create_postgres_database``; nothing stays connected to it, as a copy requires."""
    if not _templates:
        name = f"gw_template_{uuid.uuid4().hex[:12]}"
        run_blocking(_admin(f'CREATE DATABASE "{name}"'))
        run_blocking(_migrate(_database_url(name)))
        _templates.append(name)
    return _templates[0]


def drop_migrated_template() -> None:
    """Drop the template, if this process made one (at the end of the session)."""
    while _templates:
        drop_postgres_database(_database_url(_templates.pop()))


def drop_postgres_database(url: str) -> None:
    """Drop the database on a thread of its own; ``wait_for_drops`` (at the end of the session)
    waits for it. PostgreSQL checkpoints on every DROP DATABASE, seconds on a busy machine that
    the test which owned the database need not wait for."""
    name = url.rpartition("/")[2]
    thread = threading.Thread(
        target=_drop_recording_errors, args=(name,), name=f"drop {name}", daemon=True
    )
    thread.start()
    _drops.append(thread)


_drops: list[threading.Thread] = []
_drop_errors: list[BaseException] = []


def _drop_recording_errors(name: str) -> None:
    try:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    except BaseException as error:
        _drop_errors.append(error)


def wait_for_drops() -> None:
    """Wait for every database drop begun so far; raise the first that failed."""
    while _drops:
        _drops.pop().join()
    if _drop_errors:
        raise _drop_errors.pop(0)


def create_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    run_blocking(_migrate(f"sqlite:///{path}"))
    return path


def fresh_sqlite(template: Path, directory: Path) -> str:
    target = directory / "test.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


async def truncate_postgres(url: str) -> None:
    """Empty every table and restart its sequences, as ``TRUNCATE ... RESTART IDENTITY`` would.

    DELETE, not TRUNCATE: the tables a test leaves hold a handful of rows, and TRUNCATE gives
    each of them (and its indexes) new files, synced at commit, which made the reset before every
    PostgreSQL test cost more than the test itself. A plain asyncpg connection, not an engine,
    for the same reason (an engine's first connection inspects the server first). A table
    grown past ``TRUNCATE_ABOVE_BYTES`` (a plan test's 20,000 numbers, ten thousand
    selections) is truncated instead: deleting its rows one by one, each checked against the
    foreign keys that name it, made the next test's set-up cost seconds (up to 20 under load)."""
    names = [table.name for table in metadata.sorted_tables]
    conn = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        async with conn.transaction():
            sequences = await conn.fetch(_OWNED_SEQUENCES, names)
            grown = [row[0] for row in await conn.fetch(_GROWN, names, TRUNCATE_ABOVE_BYTES)]
            statements = [f"TRUNCATE {', '.join(map(_quoted, grown))} CASCADE"] if grown else []
            statements += [f'DELETE FROM "{name}"' for name in reversed(names) if name not in grown]
            statements += [f'ALTER SEQUENCE "{row[0]}" RESTART' for row in sequences]
            await conn.execute(";\n".join(statements))
    finally:
        await conn.close()


TRUNCATE_ABOVE_BYTES = 256 * 1024

_GROWN = """
SELECT relname FROM pg_class
WHERE relkind = 'r' AND relname = ANY($1::text[]) AND pg_relation_size(oid) > $2
"""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_OWNED_SEQUENCES = """
SELECT sequence.relname
FROM pg_class sequence
JOIN pg_depend dependency ON dependency.objid = sequence.oid AND dependency.deptype IN ('a', 'i')
JOIN pg_class owner ON owner.oid = dependency.refobjid
WHERE sequence.relkind = 'S' AND owner.relname = ANY($1::text[])
"""


def _asyncpg_dsn(url: str) -> str:
    """asyncpg takes ``postgresql://`` but not SQLAlchemy's ``postgresql+asyncpg://``."""
    scheme, _, rest = url.partition("://")
    return f"{scheme.partition('+')[0]}://{rest}"


def require_postgres() -> None:
    """Skip when PostgreSQL is unreachable, except under CI=true, where that is a failure."""
    if postgres_reachable():
        return
    message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_DSN}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI=true)")
    pytest.skip(message)


@contextmanager
def own_postgres_database() -> Iterator[str]:
    """A PostgreSQL database created for the caller and dropped afterwards (servers hold
    connections to it, so it cannot be the session database other tests truncate)."""
    require_postgres()
    url = create_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)


@contextmanager
def own_database(backend: str, sqlite_template: Path, directory: Path) -> Iterator[str]:
    """A database of the caller's own: a copy of the pre-migrated SQLite template, or a new
    PostgreSQL database."""
    if backend == "sqlite":
        yield fresh_sqlite(sqlite_template, directory)
        return
    with own_postgres_database() as url:
        yield url
