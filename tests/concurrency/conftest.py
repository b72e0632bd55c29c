"""A fresh database for a gateway running in its own processes, one per backend and module.

SQLite: a copy of the session's pre-migrated template. PostgreSQL: a new database created for
the module and dropped afterwards (the server holds connections to it, so it cannot be the
session database that other tests truncate). Under CI=true an unreachable PostgreSQL fails
instead of skipping, as in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import databases

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module", params=BACKENDS)
def served_database(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    with databases.own_database(
        request.param, sqlite_template, tmp_path_factory.mktemp("served")
    ) as url:
        yield url
