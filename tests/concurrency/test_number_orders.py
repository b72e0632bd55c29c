"""Bulk orders racing single purchases and each other on a running gateway (two workers),
on SQLite and PostgreSQL: no number is sold twice, what each client was told it bought is what
it owns, and every balance equals the sum of its ledger afterwards."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.concurrency.harness import (
    PURCHASE,
    REQUEST_TIMEOUT_SECONDS,
    Recorder,
    account_books,
    catalog_disagreements,
    client_for,
    numbers_in_use_twice,
)
from tests.concurrency.test_running_gateway import (
    assert_books_balance,
    assert_workers_survived,
    seeding_engine,
)
from tests.support.databases import run_blocking
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.server import ServerProcess, running_gateway

pytestmark = pytest.mark.slow

POOL = [f"+1415555{n:04d}" for n in range(500, 530)]
ORDER_CLIENTS = 6  # even: all or nothing; odd: allowPartial
SINGLE_CLIENTS = 8
ORDER_SIZE = 8
ORDER = """
mutation Order($input: CreateNumberOrderInput!) {
  createNumberOrder(input: $input) {
    numbers { requested status phoneNumber code }
    userErrors { code field message }
  }
}
"""


@dataclass(frozen=True)
class World:
    database_url: str
    server: ServerProcess
    orderers: list[Account]
    singles: list[Account]


async def _seed(database_url: str) -> tuple[list[Account], list[Account]]:
    async with seeding_engine(database_url) as engine:
        rows = [catalog_row(n, setup_fee_minor=100, monthly_fee_minor=115) for n in POOL]
        await add_catalog(engine, rows)
        orderers = [await add_account(engine, balance_minor=100_000) for _ in range(ORDER_CLIENTS)]
        singles = [await add_account(engine, balance_minor=100_000) for _ in range(SINGLE_CLIENTS)]
    return orderers, singles


@pytest.fixture(scope="module")
def world(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    orderers, singles = run_blocking(_seed(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("orders"), workers=2) as server:
        yield World(served_database, server, orderers, singles)


async def _orderer(
    world: World, index: int, start: asyncio.Barrier, recorder: Recorder
) -> tuple[str, set[str]]:
    account = world.orderers[index]
    numbers = random.sample(POOL, ORDER_SIZE)
    variables = {
        "input": {
            "phoneNumbers": numbers,
            "allowPartial": index % 2 == 1,
            "idempotencyKey": uuid.uuid4().hex,
        }
    }
    async with client_for(world.server, account) as http:
        await http.get("/healthz")
        await start.wait()
        payload = await recorder.call(http, "order", ORDER, variables)
    assert payload is not None, recorder.failures
    if payload["userErrors"]:
        assert [e["code"] for e in payload["userErrors"]] == ["NUMBER_NOT_AVAILABLE"], payload
        assert payload["numbers"] is None
        return account.sid, set()
    lines = payload["numbers"]
    assert [line["requested"] for line in lines] == numbers
    for line in lines:
        assert line["status"] == "PURCHASED" or line["code"] == "NUMBER_NOT_AVAILABLE", line
    return account.sid, {line["phoneNumber"] for line in lines if line["status"] == "PURCHASED"}


async def _single(
    world: World, index: int, start: asyncio.Barrier, recorder: Recorder
) -> tuple[str, set[str]]:
    account, won = world.singles[index], set()
    async with client_for(world.server, account) as http:
        await http.get("/healthz")
        await start.wait()
        for number in random.sample(POOL, 6):
            variables = {"input": {"phoneNumber": number}}
            payload = await recorder.call(http, "purchase", PURCHASE, variables)
            assert payload is not None, recorder.failures
            if not payload["userErrors"]:
                won.add(number)
    return account.sid, won


async def test_orders_racing_purchases_and_each_other_never_sell_a_number_twice(
    world: World,
) -> None:
    recorder = Recorder()
    start = asyncio.Barrier(ORDER_CLIENTS + SINGLE_CLIENTS)
    with world.server.tail_on_failure():
        tasks = [_orderer(world, i, start, recorder) for i in range(ORDER_CLIENTS)]
        tasks += [_single(world, i, start, recorder) for i in range(SINGLE_CLIENTS)]
        results = await asyncio.wait_for(asyncio.gather(*tasks), REQUEST_TIMEOUT_SECONDS * 2)
        assert recorder.failure_count == 0, recorder.failures
        assert set(recorder.codes) <= {"NUMBER_NOT_AVAILABLE"}, recorder.codes
        assert_workers_survived(world.server)
    told: dict[str, str] = {}
    for sid, won in results:
        for number in won:
            assert number not in told, f"{number} sold to {told[number]} and {sid}"
            told[number] = sid
    async with seeding_engine(world.database_url) as engine:
        books = await account_books(engine)
        assert_books_balance(books)
        for sid, won in results:
            assert books[sid].in_use == won, (sid, books[sid], won)
            assert books[sid].kinds["PURCHASE"] == len(won)
        assert await numbers_in_use_twice(engine) == []
        assert await catalog_disagreements(engine) == []
