"""``contains`` in SQL (FTS5 trigram on SQLite, LIKE + pg_trgm on PostgreSQL) finds exactly
the numbers an independent reading of the rules says it should, on a small catalog."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.catalog.query import PageArgs, list_available_numbers
from resolvers.catalog.search import CatalogSearch
from tests.resolvers import contains_oracle
from tests.support.factories import T0, add_catalog, catalog_row

# Few distinct digits, so that most patterns match something. A and d are 2 and 3.
_random = random.Random(3)
NUMBERS = sorted({"+1" + "".join(_random.choices("1234", k=10)) for _ in range(250)})
TOKENS = ["1", "2", "3", "4", "A", "d", "*", "%"]


@st.composite
def patterns(draw: st.DrawFn) -> str:
    body = draw(st.lists(st.sampled_from(TOKENS), min_size=2, max_size=9))
    ordinary = sum(token not in "*%" for token in body)
    assume(ordinary == len(body) or ordinary >= 2)
    start, end = draw(st.booleans()), draw(st.booleans())
    return ("+" if start else "") + "".join(body) + ("$" if end else "")


@pytest.fixture
def catalog(database_url: str) -> Iterator[tuple[asyncio.Runner, AsyncEngine]]:
    """An engine on its own event loop (hypothesis runs examples synchronously)."""
    rows = [catalog_row(number, iso_country="US") for number in NUMBERS]
    with asyncio.Runner() as runner:
        engine = create_engine(Settings(database_url=database_url))
        runner.run(add_catalog(engine, rows))
        yield runner, engine
        runner.run(engine.dispose())


async def _search(engine: AsyncEngine, pattern: str) -> list[str]:
    async with engine.connect() as conn:
        result = await list_available_numbers(
            conn,
            search=CatalogSearch(iso_country="US", contains=pattern),
            page_args=PageArgs(first=1000),
            selection={"nodes": {"phoneNumber": {}}},
            now=T0,
        )
    return [node["phone_number"] for node in result["nodes"]]


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pattern=patterns())
def test_sql_finds_what_the_rules_say(
    catalog: tuple[asyncio.Runner, AsyncEngine], pattern: str
) -> None:
    runner, engine = catalog
    expected = [number for number in NUMBERS if contains_oracle.matches(pattern, number)]
    assert runner.run(_search(engine, pattern)) == expected
