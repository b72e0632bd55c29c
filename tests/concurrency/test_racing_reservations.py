"""Two accounts race to reserve and buy the same numbers against a running gateway (two
workers), on SQLite and on PostgreSQL: no number is held by two accounts, none is sold twice,
and whoever bought a number is the account that held it."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator

import httpx
import pytest

from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.settings import Settings
from tests.concurrency.harness import (
    PURCHASE,
    REQUEST_TIMEOUT_SECONDS,
    Recorder,
    account_books,
    catalog_disagreements,
    numbers_in_use_twice,
    shared_ssl_context,
)
from tests.support.databases import run_blocking
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.server import ServerProcess, running_gateway

pytestmark = pytest.mark.slow

NUMBERS = [f"+1415557{n:04d}" for n in range(12)]
CLIENTS_PER_ACCOUNT = 4
RESERVE = """
mutation($input: ReserveNumbersInput!) {
  reserveNumbers(input: $input) {
    reservations { phoneNumber status code } userErrors { code field message }
  }
}
"""

Held = set[tuple[str, str]]  # (account sid, phone number) of every HELD answer


async def seed(database_url: str) -> list[Account]:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await add_catalog(engine, [catalog_row(phone) for phone in NUMBERS])
        return [await add_account(engine, name=f"Racer {index}") for index in range(2)]
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def served(
    served_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, ServerProcess, list[Account]]]:
    accounts = run_blocking(seed(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("gateway")) as server:
        yield served_database, server, accounts


async def racer(
    server: ServerProcess, account: Account, seed_: int, start: asyncio.Barrier, recorder: Recorder
) -> Held:
    """Reserve a few numbers at a time, then try to buy each of them (and one not held)."""
    rng, held = random.Random(seed_), set()
    auth = {"Authorization": basic_auth_header(account.sid, account.token)}
    async with httpx.AsyncClient(
        base_url=server.base_url,
        headers=auth,
        timeout=REQUEST_TIMEOUT_SECONDS,
        verify=shared_ssl_context(),
    ) as http:
        await start.wait()
        for _ in range(4):
            wanted = rng.sample(NUMBERS, 3)
            variables = {"input": {"phoneNumbers": wanted, "ttlMinutes": 30}}
            payload = await recorder.call(http, "reserve", RESERVE, variables)
            for answer in (payload or {}).get("reservations") or []:
                if answer["status"] == "HELD":
                    held.add((account.sid, answer["phoneNumber"]))
            for phone in [*wanted, rng.choice(NUMBERS)]:
                buy = {"input": {"phoneNumber": phone}}
                await recorder.call(http, "purchase", PURCHASE, buy)
    return held


async def test_racing_accounts_never_share_a_number(
    served: tuple[str, ServerProcess, list[Account]],
) -> None:
    database_url, server, accounts = served
    recorder = Recorder()
    clients = [(a, i) for a in accounts for i in range(CLIENTS_PER_ACCOUNT)]
    start = asyncio.Barrier(len(clients))
    results = await asyncio.gather(
        *(
            racer(server, account, 100 + i, start, recorder)
            for i, (account, _) in enumerate(clients)
        )
    )
    assert recorder.failures == [], recorder.failures
    held: Held = set().union(*results)
    holders: dict[str, set[str]] = {}
    for account_sid, phone in held:
        holders.setdefault(phone, set()).add(account_sid)
    assert {phone: sids for phone, sids in holders.items() if len(sids) > 1} == {}
    engine = create_engine(Settings(database_url=database_url))
    try:
        assert await numbers_in_use_twice(engine) == []
        assert await catalog_disagreements(engine) == []
        books = await account_books(engine)
    finally:
        await engine.dispose()
    bought = {phone: sid for sid in books for phone in books[sid].in_use}
    assert bought, recorder.codes  # the race sold something
    # a 30-minute hold outlives the race: a held number was bought by its holder only
    assert all(holders.get(phone, {sid}) == {sid} for phone, sid in bought.items()), bought
    assert recorder.codes["NUMBER_NOT_AVAILABLE"] > 0
    for account in accounts:
        assert books[account.sid].balance_minor == books[account.sid].ledger_sum_minor
