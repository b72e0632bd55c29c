"""A request holds at most one pooled connection (resolvers/core/request_connection.py).

Reads share the request's connection; a mutation's transaction takes its own, so the read
connection is given back first. Otherwise concurrent mutations on a small pool would each hold
one connection while waiting for a second, and wait until the pool's timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import sign_in

CREATE = "mutation { createSubaccount(input: {}) { account { sid } userErrors { code } } }"
WRITERS = 6


@pytest.fixture
async def small_pool(database_url: str) -> AsyncIterator[Gateway]:
    """PostgreSQL: at most two connections (pool_size 1, as many overflow)."""
    settings = Settings(database_url=database_url, migrate_on_start=False, pool_size=1)
    app = create_app(settings, clock=FixedClock(T0))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
            yield Gateway(http, app.state.engine, FixedClock(T0))


async def test_concurrent_mutations_on_a_small_pool_all_finish(small_pool: Gateway) -> None:
    await sign_in(small_pool)
    writes = [small_pool.gql(CREATE) for _ in range(WRITERS)]
    answers = await asyncio.wait_for(asyncio.gather(*writes), timeout=20)
    sids = {answer["createSubaccount"]["account"]["sid"] for answer in answers}
    assert len(sids) == WRITERS
