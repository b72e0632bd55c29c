"""A seeded database per backend for the fuzz: the demo data (small), plus a stranger.

The stranger is an unrelated account with a number of its own: its sids are among the values
the fuzz tries, so a leak across accounts would show as data where "not found" is expected.
The database is the module's own (a fresh SQLite file, or a PostgreSQL database created and
dropped here), because the app under test keeps connections to it for the whole module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.seed import seed_demo
from gateway.settings import Settings
from tests.fuzz.known_values import known_values
from tests.support import databases
from tests.support.databases import run_blocking
from tests.support.factories import T0, add_account
from tests.support.numbers import add_number

CATALOG_SIZE = 2_000
OWNED = 60
STRANGER_NUMBER = "+14155557700"


@dataclass(frozen=True)
class FuzzDatabase:
    url: str
    auth: str  # the demo parent account's Authorization header
    values: list[str]  # known identifiers and edge strings for ``known_values.substitute``


async def _seed(url: str) -> FuzzDatabase:
    engine: AsyncEngine = create_engine(Settings(database_url=url))
    try:
        demo = await seed_demo(engine, size=CATALOG_SIZE, owned=OWNED, now=T0)
        stranger = await add_account(engine, name="Stranger")
        await add_number(engine, stranger.sid, STRANGER_NUMBER)
        values = await known_values(engine, [demo.account_sid, demo.subaccount_sid])
    finally:
        await engine.dispose()
    auth = basic_auth_header(demo.account_sid, demo.auth_token)
    return FuzzDatabase(url, auth, values)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_database(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[FuzzDatabase]:
    with databases.own_database(
        request.param, sqlite_template, tmp_path_factory.mktemp("fuzz")
    ) as url:
        yield run_blocking(_seed(url))
