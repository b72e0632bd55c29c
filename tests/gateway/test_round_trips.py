"""Round trips to PostgreSQL per request (issue #12 item 7), counted on the wire.

``tests.support.pg_wire`` sits between the gateway and PostgreSQL and counts every exchange a
client waits for (each ``Sync`` and each simple ``Query``: statements, but also ``BEGIN``,
``ROLLBACK`` and pool pings), so no layer can hide one. The pool is warm (one request first),
as it is for any request but a process's first few. Today a read costs one round trip per
statement and nothing else: the page's statement, plus the credentials' check when the process
does not remember them (``gateway.auth_cache``); the issue's bound is 4.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from tests.support import databases
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_numbers, sign_in, us_numbers
from tests.support.pg_wire import WireLog, counting_proxy
from tests.support.queries import ACTIVE_NUMBERS_FULL_TREE

SMALL_PAGE = "query { activeNumbers(first: 10) { nodes { sid phoneNumber friendlyName } } }"
PAGE = 50


@pytest.fixture(params=[2.0, 0.0], ids=["auth-cached", "auth-every-time"])
async def wired(postgres_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Wired]:
    """A gateway on PostgreSQL whose every round trip goes through the counting proxy, with
    and without its memory of sign-ins."""
    await databases.truncate_postgres(postgres_url)
    async with counting_proxy(postgres_url) as (url, log):
        clock = FixedClock(T0)
        settings = Settings(
            database_url=url, migrate_on_start=False, auth_cache_seconds=request.param
        )
        app = create_app(settings, clock=clock)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
                gateway = Gateway(http, app.state.engine, clock)
                yield Wired(gateway, log, request.param > 0)


@dataclass
class Wired:
    gateway: Gateway
    log: WireLog
    remembers_sign_ins: bool

    def expected(self, statements: int) -> int:
        """The page's statements, plus the credentials' check when it checks every time."""
        return statements + (0 if self.remembers_sign_ins else 1)


async def _round_trips(gateway: Gateway, log: WireLog, query: str, **variables: Any) -> int:
    await gateway.gql(query, variables)  # warm: a pooled connection, prepared statements
    log.reset()
    data = await gateway.gql(query, variables)
    assert data["activeNumbers"]
    return log.round_trips


async def test_full_tree_page_makes_at_most_four_round_trips(
    wired: Wired,
) -> None:
    gateway, log = wired.gateway, wired.log
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(PAGE))
    trips = await _round_trips(gateway, log, ACTIVE_NUMBERS_FULL_TREE, first=PAGE)
    assert trips <= 4, log.describe()
    assert trips == wired.expected(1), log.describe()
    assert not log.queries, "no BEGIN, ROLLBACK or ping around a read"


async def test_small_page_makes_one_round_trip_per_statement(
    wired: Wired,
) -> None:
    gateway, log = wired.gateway, wired.log
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(12))
    trips = await _round_trips(gateway, log, SMALL_PAGE)
    assert trips == wired.expected(1), log.describe()
