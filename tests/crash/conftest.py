"""A database per backend for the crash tests, shared by the servers started on it (one
before the kill, one after). Same rules as tests/concurrency/conftest.py: a fresh SQLite file,
or a PostgreSQL database of the module's own; under CI=true PostgreSQL must be reachable."""

from __future__ import annotations

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
    with databases.own_database(
        request.param, sqlite_template, tmp_path_factory.mktemp("crash")
    ) as url:
        yield url
