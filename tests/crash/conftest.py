"""A database per backend for the crash tests, shared by the servers started on it (one
before the kill, one after). Same rules as tests/concurrency/conftest.py: a fresh SQLite file,
or a PostgreSQL database of the module's own; under CI=true PostgreSQL must be reachable."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import databases


@pytest.fixture(params=["sqlite", "postgresql"])
def crash_database(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    if request.param == "sqlite":
        yield databases.fresh_sqlite(sqlite_template, tmp_path_factory.mktemp("crash"))
        return
    if not databases.postgres_reachable():
        message = f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_DSN}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required under CI=true)")
        pytest.skip(message)
    url = databases.create_postgres_database()
    try:
        yield url
    finally:
        databases.drop_postgres_database(url)
