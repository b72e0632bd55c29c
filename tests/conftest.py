"""Every test that takes ``database_url`` runs on SQLite and on PostgreSQL.

PostgreSQL is used when reachable; under CI=true an unreachable PostgreSQL fails the run
instead of skipping those tests. Any test during which a mutation refused with an error code
its use-case does not declare fails (resolvers/core/usecases.py logs those).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support import databases
from tests.support.client import Gateway, in_process_gateway

BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    """Apps the tests start run no job passes in the background (``GATEWAY_JOBS_IN_PROCESS``
    defaults to on for ``make run``): a test runs a pass when it means to, at its own clock.
    Tests of the in-process passes set the variable themselves."""
    os.environ.setdefault("GATEWAY_JOBS_IN_PROCESS", "false")


@pytest.fixture(autouse=True)
def only_declared_error_codes(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    yield
    undeclared = [
        record.getMessage()
        for record in caplog.get_records("call")
        if hasattr(record, "undeclared_code")
    ]
    assert not undeclared, f"mutations refused with undeclared codes: {undeclared}"


@pytest.fixture(scope="session", autouse=True)
def database_drops() -> Iterator[None]:
    """The session ends only when the PostgreSQL databases its tests dropped are gone (they are
    dropped in the background: tests/support/databases.py)."""
    yield
    databases.drop_migrated_template()
    databases.wait_for_drops()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return databases.create_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with databases.own_postgres_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> str:
    if request.param == "sqlite":
        return databases.fresh_sqlite(sqlite_template, tmp_path)
    url: str = request.getfixturevalue("postgres_url")
    await databases.truncate_postgres(url)
    return url


@pytest.fixture
async def gateway(database_url: str) -> AsyncIterator[Gateway]:
    async with in_process_gateway(database_url) as gateway:
        yield gateway


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A database of the module's own, for a module whose tests only read what its module-scoped
    fixtures wrote (its tests run on the module's event loop:
    ``pytestmark = pytest.mark.asyncio(loop_scope="module")``)."""
    directory = tmp_path_factory.mktemp("module")
    with databases.own_database(request.param, sqlite_template, directory) as url:
        yield url


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def module_gateway(module_database_url: str) -> AsyncIterator[Gateway]:
    """One gateway for a read-only module: set up once per backend, not per test."""
    async with in_process_gateway(module_database_url) as gateway:
        yield gateway


@pytest.fixture(params=BACKENDS)
def own_database(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[str]:
    """A migrated database no other test uses, on each backend (for a test that moves it
    along the migration chain)."""
    with databases.own_database(request.param, sqlite_template, tmp_path) as url:
        yield url
