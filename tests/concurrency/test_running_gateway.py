"""Concurrency tested for real (issue #3, item 7): a running gateway, two uvicorn workers,
many HTTP clients, on SQLite and on PostgreSQL.

The data is seeded straight into a fresh database, then ``python -m gateway serve --workers 2``
serves it on a free loopback port. Afterwards the database itself is checked with SQL: one owner
per number, balances equal to their ledgers, catalog states that agree with ownership.

1. Forty accounts race for ten numbers: one winner each, every loser NUMBER_NOT_AVAILABLE.
2. A storm of purchases, releases and restores for STORM_SECONDS.
3. One account on many connections at once: no overdraft; one idempotency key buys once.
The three share one server and database per backend (seeded before it starts), so the file
costs two server startups.

The storm makes numbers return to the catalog while it runs: every released number is, a
few seconds after its release, moved past its restore window and its quarantine (the
``released_at`` is kept, the window and the aging end are moved to the past), as if 70 days
had gone by for it. Without that every number of the pool would be aging after its first
release and purchases would only ever meet NUMBER_NOT_AVAILABLE. Late restores then meet
RESTORE_WINDOW_EXPIRED, and numbers keep changing hands between accounts.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import SystemClock
from resolvers.core.tables import catalog_numbers, owned_numbers
from resolvers.core.transactions import transact
from tests.concurrency.harness import (
    PURCHASE,
    RELEASE,
    REQUEST_TIMEOUT_SECONDS,
    RESTORE,
    AccountBooks,
    Recorder,
    account_books,
    catalog_disagreements,
    client_for,
    error_codes,
    latency_summary,
    numbers_in_use_twice,
)
from tests.support.databases import run_blocking
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.server import WORKER_READY, ServerProcess, running_gateway

pytestmark = pytest.mark.slow

WORKERS = 2
# The storm's clients send back to back: on a fast machine one sent ~1,000 points of query cost
# a second, twice the default restore rate, and met 429 after ~20 s. What is tested here is the
# books under concurrency; throttling has tests of its own (tests/protection). The limiter
# still runs (and charges) on every request, it only refills faster.
UNTHROTTLED = {"GATEWAY_RATE_LIMIT_RESTORE_RATE": "100000"}
SETUP_FEE_MINOR, MONTHLY_FEE_MINOR = 100, 115
CHARGE = "-2.15"  # setup fee + first month

RACE_CLIENTS = 40
RACE_NUMBERS = [f"+1415555{n:04d}" for n in range(200, 210)]

STORM_SECONDS = 20.0  # wall time of the storm (issue #3 item 7 asks for 20 s)
STORM_CLIENTS = 16
STORM_MAX_STEPS = 4_000  # per client: the storm ends on time, this only bounds the loop
STORM_POOL = [f"+1628555{n:04d}" for n in range(300, 330)]
STORM_HOLD_LIMIT = 3  # numbers a client holds at most before it releases one
STORM_POOR_CLIENTS = 4  # these run out of money now and then: INSUFFICIENT_BALANCE
POOR_BALANCE_MINOR = 700
RICH_BALANCE_MINOR = 10_000_000
# One account, many connections at once: money for SPENDER_AFFORDS of SPENDER_NUMBERS.
SPENDER_NUMBERS = [f"+1212555{n:04d}" for n in range(400, 410)]
SPENDER_AFFORDS = 3
REPLAYED_NUMBER = "+12125550410"
AGING_TICK_SECONDS = 0.5
# Long enough for a client to restore what it released; over a second, so that a later
# ownership of the same number always gets a later created_at (the clock has whole seconds).
AGING_AFTER = timedelta(seconds=5)
# How often a client does what (of the kinds that make sense at the moment).
STORM_WEIGHTS = {
    "purchase": 10,
    "release": 5,
    "restore": 5,  # one of its own released numbers, often still in the window
    "release-stale": 1,  # a sid it released for good: NOT_FOUND
    "restore-stray": 1,  # a number it did not release: NOT_FOUND or RESTORE_WINDOW_EXPIRED
}
# The userError codes each kind of call may meet; anything else is a failure.
STORM_CODES = {
    "purchase": {"NUMBER_NOT_AVAILABLE", "INSUFFICIENT_BALANCE"},
    "release": set(),
    "release-stale": {"NOT_FOUND"},
    "restore": {"RESTORE_WINDOW_EXPIRED", "INSUFFICIENT_BALANCE"},
    "restore-stray": {"NOT_FOUND", "RESTORE_WINDOW_EXPIRED"},
}
# The userError codes a storm may produce at all (issue #3 item 7).
ALLOWED_STORM_CODES = {
    "NUMBER_NOT_AVAILABLE",
    "NOT_FOUND",
    "RESTORE_WINDOW_EXPIRED",
    "INSUFFICIENT_BALANCE",
}


@asynccontextmanager
async def seeding_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(Settings(database_url=database_url))
    try:
        yield engine
    finally:
        await engine.dispose()


def assert_workers_survived(server: ServerProcess) -> None:
    """No worker died and was replaced by uvicorn's supervisor during the test."""
    assert server.process.poll() is None, "the gateway exited"
    assert server.log_count(WORKER_READY) == WORKERS, "a worker was restarted"


def assert_books_balance(books: dict[str, AccountBooks]) -> None:
    for sid, book in books.items():
        assert book.balance_minor == book.ledger_sum_minor, (sid, book)
        assert book.balance_minor >= 0, (sid, book)


@dataclass(frozen=True)
class Seeded:
    """The accounts of every test of the module, seeded before the server starts."""

    racers: list[Account]
    stormers: list[Account]
    spender: Account
    replayer: Account


@dataclass(frozen=True)
class World:
    """One served database per backend, shared by the tests of this module."""

    database_url: str
    server: ServerProcess
    accounts: Seeded


async def seed(database_url: str) -> Seeded:
    fees = {"setup_fee_minor": SETUP_FEE_MINOR, "monthly_fee_minor": MONTHLY_FEE_MINOR}
    numbers = [*RACE_NUMBERS, *STORM_POOL, *SPENDER_NUMBERS, REPLAYED_NUMBER]
    charge = SETUP_FEE_MINOR + MONTHLY_FEE_MINOR
    async with seeding_engine(database_url) as engine:
        await add_catalog(engine, [catalog_row(number, **fees) for number in numbers])
        racers = [
            await add_account(engine, balance_minor=10_000, name=f"Racer {i}")
            for i in range(RACE_CLIENTS)
        ]
        stormers = [
            await add_account(
                engine,
                balance_minor=POOR_BALANCE_MINOR if i < STORM_POOR_CLIENTS else RICH_BALANCE_MINOR,
                name=f"Storm {i}",
            )
            for i in range(STORM_CLIENTS)
        ]
        spender = await add_account(engine, balance_minor=SPENDER_AFFORDS * charge + charge // 2)
        replayer = await add_account(engine, balance_minor=RICH_BALANCE_MINOR)
    return Seeded(racers, stormers, spender, replayer)


@pytest.fixture(scope="module")
def world(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    seeded = run_blocking(seed(served_database))
    workdir = tmp_path_factory.mktemp("gateway")
    with running_gateway(served_database, workdir, workers=WORKERS, settings=UNTHROTTLED) as server:
        yield World(served_database, server, seeded)


# -- 1. forty buyers, ten numbers ------------------------------------------------------------


@dataclass
class RaceResult:
    account: Account
    attempts: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)


async def race_client(
    server: ServerProcess, account: Account, start: asyncio.Barrier, recorder: Recorder
) -> RaceResult:
    result = RaceResult(account)
    numbers = random.sample(RACE_NUMBERS, len(RACE_NUMBERS))
    async with client_for(server, account) as http:
        await http.get("/healthz")  # every connection is open before anyone buys
        await start.wait()
        for number in numbers:
            variables = {"input": {"phoneNumber": number}}
            result.attempts.append(
                (number, await recorder.call(http, "purchase", PURCHASE, variables))
            )
    return result


def check_race_attempt(
    account: Account, number: str, payload: dict[str, Any] | None, winners: dict[str, str]
) -> None:
    assert payload is not None, f"{account.sid} buying {number} failed (see failures)"
    if not payload["userErrors"]:
        assert number not in winners, f"{number} sold twice: {winners[number]}, {account.sid}"
        winners[number] = account.sid
        assert payload["activeNumber"]["phoneNumber"] == number
        assert payload["activeNumber"]["accountSid"] == account.sid
        assert payload["activeNumber"]["status"] == "IN_USE"
        charge = payload["charge"]
        assert charge is not None, payload
        assert charge["kind"] == "PURCHASE"
        assert charge["accountSid"] == account.sid
        assert charge["numberSid"] == payload["activeNumber"]["sid"]
        assert charge["amount"] == {"amount": CHARGE, "currency": "USD"}
        return
    assert error_codes(payload) == ["NUMBER_NOT_AVAILABLE"], payload
    assert payload["activeNumber"] is None, payload
    assert payload["charge"] is None, payload


async def test_forty_buyers_race_for_ten_numbers(world: World) -> None:
    server, recorder = world.server, Recorder()
    async with seeding_engine(world.database_url) as engine:
        with server.tail_on_failure():
            start = asyncio.Barrier(len(world.accounts.racers) + 1)
            tasks = [
                asyncio.create_task(race_client(server, buyer, start, recorder))
                for buyer in world.accounts.racers
            ]
            try:
                await asyncio.wait_for(start.wait(), REQUEST_TIMEOUT_SECONDS)
            except TimeoutError:
                for task in tasks:
                    task.cancel()
                raise
            started = time.perf_counter()
            results = await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - started
            print(
                f"\nrace [{engine.dialect.name}]: {recorder.requests} purchases in {elapsed:.2f} s "
                f"({recorder.requests / elapsed:.0f}/s); {dict(recorder.codes)}; "
                f"{latency_summary(recorder)}"
            )
            assert recorder.failure_count == 0, recorder.failures
            assert_workers_survived(server)

            winners: dict[str, str] = {}
            for result in results:
                assert len(result.attempts) == len(RACE_NUMBERS)
                for number, payload in result.attempts:
                    check_race_attempt(result.account, number, payload, winners)
            assert sorted(winners) == RACE_NUMBERS
            lost = RACE_CLIENTS * len(RACE_NUMBERS) - len(RACE_NUMBERS)
            assert recorder.codes == {"NUMBER_NOT_AVAILABLE": lost}

            books = await account_books(engine)
            assert_books_balance(books)
            for buyer in world.accounts.racers:
                book = books[buyer.sid]
                won = {number for number, sid in winners.items() if sid == buyer.sid}
                assert book.in_use == won, (buyer.sid, book, won)
                assert book.kinds["PURCHASE"] == len(won), (buyer.sid, book)
            assert await numbers_in_use_twice(engine) == []
            assert await catalog_disagreements(engine) == []


# -- 2. the storm: buy, release, restore for twenty seconds ----------------------------------


@dataclass
class StormClient:
    """One account's loop and what it saw succeed."""

    account: Account
    recorder: Recorder = field(repr=False)
    rng: random.Random = field(repr=False)
    owned: dict[str, str] = field(default_factory=dict)  # phone -> PN sid, IN_USE
    released: dict[str, str] = field(default_factory=dict)  # phone -> PN sid, restorable
    stale: list[str] = field(default_factory=list)  # sids released for good
    purchases: int = 0
    restores: int = 0
    refunds: int = 0
    steps: int = 0

    async def run(self, server: ServerProcess, deadline: float) -> None:
        async with client_for(server, self.account) as http:
            while self.steps < STORM_MAX_STEPS and time.monotonic() < deadline:
                self.steps += 1
                if not await self.step(http):
                    return  # a failure: the client no longer knows what it owns

    async def step(self, http: httpx.AsyncClient) -> bool:
        """One mutation, drawn from those that make sense now (STORM_WEIGHTS)."""
        weights = dict(STORM_WEIGHTS)
        if len(self.owned) >= STORM_HOLD_LIMIT:
            weights["purchase"] = 0
        if not self.owned:
            weights["release"] = 0
        if not self.released:
            weights["restore"] = 0
        if not self.stale and not self.released:
            weights["release-stale"] = 0
        kind = self.rng.choices(list(weights), list(weights.values()))[0]
        if kind == "purchase":
            return await self.purchase(http, self.rng.choice(STORM_POOL))
        if kind == "release":
            return await self.release(http)
        if kind == "restore":
            return await self.restore(http, self.rng.choice(sorted(self.released)), kind)
        if kind == "release-stale":
            return await self.release_stale(http)
        stray = self.rng.choice([n for n in STORM_POOL if n not in self.released])
        return await self.restore(http, stray, "restore-stray")

    async def mutate(
        self, http: httpx.AsyncClient, kind: str, query: str, input_: dict[str, Any]
    ) -> dict[str, Any] | None:
        input_ = {**input_, "idempotencyKey": uuid.uuid4().hex}
        payload = await self.recorder.call(http, kind, query, {"input": input_})
        if payload is not None:
            unexpected = set(error_codes(payload)) - STORM_CODES[kind]
            if unexpected or len(payload["userErrors"]) > 1:
                self.recorder.fail(f"{kind} {input_} by {self.account.sid}: {payload}")
                return None
        return payload

    async def purchase(self, http: httpx.AsyncClient, number: str) -> bool:
        payload = await self.mutate(http, "purchase", PURCHASE, {"phoneNumber": number})
        if payload is None:
            return False
        if not payload["userErrors"]:
            if payload["activeNumber"]["phoneNumber"] != number or payload["charge"] is None:
                self.recorder.fail(f"{self.account.sid} bought {number}: {payload}")
                return False
            self.purchases += 1
            self.owned[number] = payload["activeNumber"]["sid"]
            older = self.released.pop(number, None)  # an older release of ours is history
            if older is not None:
                self.stale.append(older)
        return True

    async def release(self, http: httpx.AsyncClient) -> bool:
        number = self.rng.choice(sorted(self.owned))
        sid = self.owned[number]
        payload = await self.mutate(http, "release", RELEASE, {"sid": sid})
        if payload is None:
            return False
        if (payload["releasedNumber"] or {}).get("sid") != sid:
            self.recorder.fail(f"{self.account.sid} released {sid}: {payload}")
            return False
        del self.owned[number]
        self.released[number] = sid
        self.refunds += payload["refund"] is not None
        return True

    async def release_stale(self, http: httpx.AsyncClient) -> bool:
        sid = self.rng.choice(self.stale + list(self.released.values()))
        return await self.mutate(http, "release-stale", RELEASE, {"sid": sid}) is not None

    async def restore(self, http: httpx.AsyncClient, number: str, kind: str) -> bool:
        payload = await self.mutate(http, kind, RESTORE, {"phoneNumber": number})
        if payload is None:
            return False
        codes = error_codes(payload)
        if not codes:
            sid = self.released.get(number)
            if sid is None or payload["activeNumber"]["sid"] != sid or not payload["charge"]:
                self.recorder.fail(f"{self.account.sid} restored {number} ({kind}): {payload}")
                return False
            self.restores += 1
            self.owned[number] = self.released.pop(number)
        elif codes == ["RESTORE_WINDOW_EXPIRED"] and number in self.released:
            self.stale.append(self.released.pop(number))
        return True


async def fast_forward_aging(engine: AsyncEngine, stop: asyncio.Event) -> int:
    """Until ``stop``: end the restore window and the quarantine of numbers released more than
    ``AGING_AFTER`` ago, in one write transaction each tick (owned rows first, then the
    catalog: the order release and restore lock in). Returns how many were aged."""
    aged = 0
    while not stop.is_set():
        await asyncio.sleep(AGING_TICK_SECONDS)
        cutoff = SystemClock().now() - AGING_AFTER

        async def age(conn: AsyncConnection, cutoff: Any = cutoff) -> int:
            o = owned_numbers
            phones = (
                await conn.execute(
                    update(o)
                    .where(
                        o.c.status == "RELEASED",
                        o.c.released_at <= cutoff,
                        o.c.restorable_until > o.c.released_at,
                    )
                    .values(restorable_until=o.c.released_at)
                    .returning(o.c.phone_number)
                )
            ).scalars()
            numbers = sorted(set(phones))
            if numbers:
                await conn.execute(
                    update(catalog_numbers)
                    .where(
                        catalog_numbers.c.phone_number.in_(numbers),
                        catalog_numbers.c.state == "aging",
                    )
                    .values(aging_until=cutoff)
                )
            return len(numbers)

        aged += await transact(engine, age)
    return aged


def check_storm_books(clients: list[StormClient], books: dict[str, AccountBooks]) -> None:
    assert_books_balance(books)
    for client in clients:
        book = books[client.account.sid]
        assert book.kinds["PURCHASE"] == client.purchases + client.restores, (client, book)
        assert book.kinds["REFUND"] == client.refunds, (client, book)
        assert book.kinds["TOP_UP"] == 1, book
        assert book.in_use == frozenset(client.owned), (client, book)


async def test_storm_of_purchases_releases_and_restores(world: World) -> None:
    server, recorder = world.server, Recorder()
    clients = [
        StormClient(account, recorder, random.Random(i))
        for i, account in enumerate(world.accounts.stormers)
    ]
    async with seeding_engine(world.database_url) as engine:
        with server.tail_on_failure():
            stop_aging = asyncio.Event()
            aging = asyncio.create_task(fast_forward_aging(engine, stop_aging))
            started = time.monotonic()
            try:
                await asyncio.gather(
                    *(client.run(server, started + STORM_SECONDS) for client in clients)
                )
            finally:
                elapsed = time.monotonic() - started
                stop_aging.set()
                aged = await aging
            print(
                f"\nstorm [{engine.dialect.name}]: {recorder.requests} requests in {elapsed:.1f} s "
                f"({recorder.requests / elapsed:.0f}/s) by {len(clients)} clients; "
                f"purchases {sum(c.purchases for c in clients)}, "
                f"restores {sum(c.restores for c in clients)}, aged {aged}; "
                f"userErrors {dict(sorted(recorder.codes.items()))}; {latency_summary(recorder)}"
            )
            assert recorder.failure_count == 0, recorder.failures
            assert_workers_survived(server)
            assert set(recorder.codes) <= ALLOWED_STORM_CODES, recorder.codes
            assert elapsed < STORM_SECONDS + REQUEST_TIMEOUT_SECONDS
            assert await numbers_in_use_twice(engine) == []
            assert await catalog_disagreements(engine) == []
            check_storm_books(clients, await account_books(engine))


# -- 3. one account, many connections ----------------------------------------------------------


async def purchase_at_once(
    server: ServerProcess, account: Account, inputs: list[dict[str, Any]], recorder: Recorder
) -> list[dict[str, Any] | None]:
    """Every purchase on a connection of its own, all sent together."""
    clients = [client_for(server, account) for _ in inputs]
    try:
        await asyncio.gather(*(http.get("/healthz") for http in clients))
        return await asyncio.gather(
            *(
                recorder.call(http, "purchase", PURCHASE, {"input": input_})
                for http, input_ in zip(clients, inputs, strict=True)
            )
        )
    finally:
        await asyncio.gather(*(http.aclose() for http in clients))


async def test_one_account_many_connections(world: World) -> None:
    """Parallel purchases by one account never overdraw it, and parallel replays of one
    idempotency key buy once."""
    server, recorder = world.server, Recorder()
    spender, replayer = world.accounts.spender, world.accounts.replayer
    key = uuid.uuid4().hex
    async with seeding_engine(world.database_url) as engine:
        with server.tail_on_failure():
            spent, replayed = await asyncio.gather(
                purchase_at_once(
                    server, spender, [{"phoneNumber": n} for n in SPENDER_NUMBERS], recorder
                ),
                purchase_at_once(
                    server,
                    replayer,
                    [{"phoneNumber": REPLAYED_NUMBER, "idempotencyKey": key}] * 10,
                    recorder,
                ),
            )
            assert recorder.failure_count == 0, recorder.failures
            assert_workers_survived(server)
            codes = sorted(tuple(error_codes(payload)) for payload in spent if payload)
            refused = len(SPENDER_NUMBERS) - SPENDER_AFFORDS
            assert codes == [()] * SPENDER_AFFORDS + [("INSUFFICIENT_BALANCE",)] * refused
            bought = {p["activeNumber"]["phoneNumber"] for p in spent if p and p["activeNumber"]}
            outcomes = {
                (
                    tuple(error_codes(p)),
                    (p["activeNumber"] or {}).get("sid"),
                    (p["charge"] or {}).get("sid"),
                )
                for p in replayed
                if p is not None
            }
            assert len(outcomes) == 1, replayed  # the same number and charge, ten times
            assert next(iter(outcomes))[0] == (), replayed

            books = await account_books(engine)
            assert_books_balance(books)
            assert books[spender.sid].in_use == bought
            assert books[spender.sid].kinds["PURCHASE"] == SPENDER_AFFORDS
            assert books[replayer.sid].in_use == {REPLAYED_NUMBER}
            assert books[replayer.sid].kinds["PURCHASE"] == 1
            assert await numbers_in_use_twice(engine) == []
            assert await catalog_disagreements(engine) == []
