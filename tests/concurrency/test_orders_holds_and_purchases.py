"""Bulk orders (by number and by area code), single purchases and reservations all racing for
one area code's numbers on a running gateway (two workers), on SQLite and PostgreSQL: no number
is sold twice, a held number goes to its holder only (and the holder's order gets every number
it holds), what each client was told it bought is what it owns and what its stored orders
say, and every balance equals the sum of its ledger afterwards."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from resolvers.core.tables import number_order_lines, number_orders
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

AREA_CODE = "628"
POOL = [f"+1{AREA_CODE}555{n:04d}" for n in range(100, 136)]
ORDERERS = 4  # 0, 1: by number (all or nothing, partial); 2, 3: by area code
SINGLES = 4
RESERVERS = 4
ORDER = """
mutation Order($input: CreateNumberOrderInput!) {
  createNumberOrder(input: $input) {
    numbers { requested status phoneNumber code }
    order { sid accountSid status numbers { phoneNumber status } }
    userErrors { code field message }
  }
}
"""
RESERVE = """
mutation Reserve($input: ReserveNumbersInput!) {
  reserveNumbers(input: $input) {
    reservations { phoneNumber status code }
    userErrors { code field message }
  }
}
"""
RACE_CODES = {"NUMBER_NOT_AVAILABLE", "NO_NUMBERS_IN_AREA_CODE"}


@dataclass(frozen=True)
class World:
    database_url: str
    server: ServerProcess
    accounts: dict[str, list[Account]]


@dataclass
class Told:
    """What one client was told: the numbers it bought, the orders it placed, its holds."""

    sid: str
    bought: set[str]
    orders: dict[str, set[str]]  # order sid -> its PURCHASED numbers
    held: set[str]


async def _seed(database_url: str) -> dict[str, list[Account]]:
    async with seeding_engine(database_url) as engine:
        rows = [catalog_row(n, setup_fee_minor=100, monthly_fee_minor=115) for n in POOL]
        await add_catalog(engine, rows)
        kinds = {"orderers": ORDERERS, "singles": SINGLES, "reservers": RESERVERS}
        return {
            kind: [await add_account(engine, balance_minor=100_000) for _ in range(count)]
            for kind, count in kinds.items()
        }


@pytest.fixture(scope="module")
def world(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    accounts = run_blocking(_seed(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("holds"), workers=2) as server:
        yield World(served_database, server, accounts)


def _ordered(told: Told, payload: dict[str, Any]) -> set[str]:
    """The numbers an accepted order bought, after checking its stored order agrees."""
    won = {line["phoneNumber"] for line in payload["numbers"] if line["status"] == "PURCHASED"}
    stored = payload["order"]
    assert stored["accountSid"] == told.sid
    assert stored["numbers"] == [
        {"phoneNumber": line["phoneNumber"], "status": line["status"]}
        for line in payload["numbers"]
    ]
    told.orders[stored["sid"]] = won
    told.bought |= won
    return won


async def _order(
    http: Any, recorder: Recorder, told: Told, input_: dict[str, Any]
) -> set[str] | None:
    variables = {"input": {**input_, "idempotencyKey": uuid.uuid4().hex}}
    payload = await recorder.call(http, "order", ORDER, variables)
    assert payload is not None, recorder.failures
    if payload["userErrors"]:
        assert {e["code"] for e in payload["userErrors"]} <= RACE_CODES, payload
        assert payload["order"] is None
        return None
    for line in payload["numbers"]:
        assert line["status"] == "PURCHASED" or line["code"] in RACE_CODES, line
    return _ordered(told, payload)


async def _orderer(world: World, index: int, start: asyncio.Barrier, recorder: Recorder) -> Told:
    account = world.accounts["orderers"][index]
    told = Told(account.sid, set(), {}, set())
    async with client_for(world.server, account) as http:
        await http.get("/healthz")
        await start.wait()
        for _ in range(2):
            if index < 2:
                input_: dict[str, Any] = {"phoneNumbers": random.sample(POOL, 6)}
            else:
                input_ = {"areaCode": AREA_CODE, "quantity": 3}
            await _order(http, recorder, told, {**input_, "allowPartial": index % 2 == 1})
    return told


async def _single(world: World, index: int, start: asyncio.Barrier, recorder: Recorder) -> Told:
    account = world.accounts["singles"][index]
    told = Told(account.sid, set(), {}, set())
    async with client_for(world.server, account) as http:
        await http.get("/healthz")
        await start.wait()
        for number in [*random.sample(POOL, 5), None]:
            input_ = {"phoneNumber": number} if number else {"areaCode": AREA_CODE}
            payload = await recorder.call(http, "purchase", PURCHASE, {"input": input_})
            assert payload is not None, recorder.failures
            if not payload["userErrors"]:
                told.bought.add(payload["activeNumber"]["phoneNumber"])
    return told


async def _reserver(world: World, index: int, start: asyncio.Barrier, recorder: Recorder) -> Told:
    """Hold a few numbers for 30 minutes, then order exactly those: every one is bought."""
    account = world.accounts["reservers"][index]
    told = Told(account.sid, set(), {}, set())
    async with client_for(world.server, account) as http:
        await http.get("/healthz")
        await start.wait()
        wanted = random.sample(POOL, 4)
        variables = {"input": {"phoneNumbers": wanted, "ttlMinutes": 30}}
        payload = await recorder.call(http, "reserve", RESERVE, variables)
        assert payload is not None, recorder.failures
        answers = payload["reservations"] or []
        told.held = {a["phoneNumber"] for a in answers if a["status"] == "HELD"}
        if told.held:
            input_ = {"phoneNumbers": sorted(told.held), "allowPartial": True}
            assert await _order(http, recorder, told, input_) == told.held
    return told


async def _stored_orders(world: World) -> dict[str, set[str]]:
    """Every stored order's PURCHASED numbers, by order sid (and its account checked)."""
    async with seeding_engine(world.database_url) as engine, engine.connect() as conn:
        rows = await conn.execute(
            select(number_orders.c.sid, number_order_lines.c.phone_number)
            .select_from(number_orders.outerjoin(number_order_lines))
            .where(number_order_lines.c.status == "PURCHASED")
        )
        stored: dict[str, set[str]] = {}
        for sid, phone in rows:
            stored.setdefault(sid, set()).add(phone)
    return stored


async def test_orders_purchases_and_holds_never_sell_a_number_twice(world: World) -> None:
    recorder = Recorder()
    clients = [
        *((_orderer, i) for i in range(ORDERERS)),
        *((_single, i) for i in range(SINGLES)),
        *((_reserver, i) for i in range(RESERVERS)),
    ]
    start = asyncio.Barrier(len(clients))
    with world.server.tail_on_failure():
        tasks = [client(world, i, start, recorder) for client, i in clients]
        results = await asyncio.wait_for(asyncio.gather(*tasks), REQUEST_TIMEOUT_SECONDS * 2)
        assert recorder.failure_count == 0, recorder.failures
        assert set(recorder.codes) <= RACE_CODES, recorder.codes
        assert_workers_survived(world.server)
    owner: dict[str, str] = {}
    for told in results:
        for number in told.bought:
            assert number not in owner, f"{number} sold to {owner[number]} and {told.sid}"
            owner[number] = told.sid
    holds = [(told.sid, number) for told in results for number in told.held]
    assert holds, recorder.codes  # some reservation won its numbers
    assert all(owner[number] == sid for sid, number in holds), holds
    async with seeding_engine(world.database_url) as engine:
        books = await account_books(engine)
        assert_books_balance(books)
        for told in results:
            assert books[told.sid].in_use == told.bought, (told, books[told.sid])
            assert books[told.sid].kinds["PURCHASE"] == len(told.bought)
        assert await numbers_in_use_twice(engine) == []
        assert await catalog_disagreements(engine) == []
    orders = {sid: won for told in results for sid, won in told.orders.items()}
    assert await _stored_orders(world) == {sid: won for sid, won in orders.items() if won}
    assert len(owner) > 0, recorder.codes  # the race sold something
