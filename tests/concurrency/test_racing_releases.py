"""Many clients release the same numbers at once while others buy and release (issue 12 item 5),
against a running gateway (two workers), on SQLite and on PostgreSQL.

A release is one conditional write that returns the number as it was before it
(resolvers/provisioning/release_writes.py). Each seeded number is released by four connections
at once, two of its owner (a subaccount) and two of the parent account; among them are sender
pool members with sticky recipients and numbers with an active emergency registration.
Meanwhile buyers race for another set of numbers and release each one they win from two
connections at once.

Afterwards, with SQL: every number was released once (one success, one RELEASED event, at most
one REFUND entry, the one the success reported), every other attempt was NOT_FOUND
(EMERGENCY_ADDRESS_ACTIVE for a registered number, which stays in use); balances equal their
ledgers; no number is owned twice; catalog states agree with ownership; no released pool
member keeps sticky recipients.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import SystemClock
from resolvers.core.tables import ledger_entries, number_events, sticky_senders
from tests.concurrency.harness import (
    PURCHASE,
    RELEASE,
    Recorder,
    account_books,
    catalog_disagreements,
    client_for,
    error_codes,
    numbers_in_use_twice,
)
from tests.support.databases import run_blocking
from tests.support.factories import TestAccount as Account
from tests.support.factories import (
    add_account,
    add_address,
    add_catalog,
    add_messaging_service,
    add_owned,
    catalog_row,
)
from tests.support.server import ServerProcess, running_gateway

pytestmark = pytest.mark.slow

OWNERS = 3
NUMBERS_PER_OWNER = 6  # of each owner's: 0-1 pool members, 2 registered for emergency
POOLED, REGISTERED = (0, 1), 2
CLIENTS_PER_CALLER = 2  # per owner: two of its own and two of the parent's
BUYERS = 4
BUYER_ROUNDS = 8
BUY_NUMBERS = [f"+1646555{n:04d}" for n in range(500, 524)]
Attempt = tuple[str, dict[str, Any] | None]  # (number sid, release payload)


@dataclass(frozen=True)
class Seeded:
    parent: Account
    owners: dict[str, list[str]]  # owner account sid -> its number sids
    tokens: dict[str, Account]
    registered: frozenset[str]  # number sids with an active emergency registration
    pooled: frozenset[str]
    buyers: list[Account]


async def seed_owner(engine: AsyncEngine, owner: Account, index: int) -> dict[int, str]:
    """The owner's numbers, bought a day ago for a month (a refund is due), by position."""
    now = SystemClock().now()
    phones = [f"+1917555{index:02d}{n:02d}" for n in range(NUMBERS_PER_OWNER)]
    await add_catalog(engine, [catalog_row(phone) for phone in phones])
    service = await add_messaging_service(engine, owner.sid, f"Pool {index}")
    address = await add_address(engine, owner.sid)
    sids = {}
    for n, phone in enumerate(phones):
        extra: dict[str, Any] = {}
        if n in POOLED:
            extra = {"messaging_service_sid": service}
        if n == REGISTERED:
            extra = {"emergency_status": "ACTIVE", "emergency_address_sid": address}
        sids[n] = await add_owned(
            engine,
            owner.sid,
            phone,
            purchased_at=now - timedelta(days=1),
            next_billing_date=now + timedelta(days=29),
            **extra,
        )
    async with engine.begin() as conn:
        await conn.execute(
            sticky_senders.insert(),
            [
                {"messaging_service_sid": service, "to_number": f"+1415555{n:04d}"}
                | {"number_sid": sids[position], "updated_at": now}
                for position in POOLED
                for n in range(3 * position, 3 * position + 3)
            ],
        )
    return sids


async def seed(database_url: str) -> Seeded:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await add_catalog(engine, [catalog_row(phone) for phone in BUY_NUMBERS])
        parent = await add_account(engine, name="Parent")
        owners: dict[str, list[str]] = {}
        tokens: dict[str, Account] = {}
        registered: set[str] = set()
        pooled: set[str] = set()
        for index in range(OWNERS):
            owner = await add_account(engine, parent_sid=parent.sid, name=f"Owner {index}")
            sids = await seed_owner(engine, owner, index)
            owners[owner.sid], tokens[owner.sid] = list(sids.values()), owner
            registered.add(sids[REGISTERED])
            pooled.update(sids[position] for position in POOLED)
        buyers = [await add_account(engine, name=f"Buyer {i}") for i in range(BUYERS)]
        return Seeded(parent, owners, tokens, frozenset(registered), frozenset(pooled), buyers)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def served(
    served_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, ServerProcess, Seeded]]:
    seeded = run_blocking(seed(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("gateway")) as server:
        yield served_database, server, seeded


async def releaser(
    server: ServerProcess,
    caller: Account,
    sids: list[str],
    rng: random.Random,
    start: asyncio.Barrier,
    recorder: Recorder,
) -> list[Attempt]:
    """Release every one of ``sids``, in an order of its own."""
    order = rng.sample(sids, len(sids))
    attempts: list[Attempt] = []
    async with client_for(server, caller) as http:
        await start.wait()
        for sid in order:
            payload = await recorder.call(http, "release", RELEASE, {"input": {"sid": sid}})
            attempts.append((sid, payload))
    return attempts


async def buyer(
    server: ServerProcess,
    account: Account,
    rng: random.Random,
    start: asyncio.Barrier,
    recorder: Recorder,
) -> list[Attempt]:
    """Buy numbers others want too; release each one won from two connections at once."""
    attempts: list[Attempt] = []
    async with client_for(server, account) as http, client_for(server, account) as other:
        await start.wait()
        for _ in range(BUYER_ROUNDS):
            variables = {"input": {"phoneNumber": rng.choice(BUY_NUMBERS)}}
            bought = await recorder.call(http, "purchase", PURCHASE, variables)
            if bought is None or bought["activeNumber"] is None:
                continue
            sid = bought["activeNumber"]["sid"]
            release = {"input": {"sid": sid}}
            payloads = await asyncio.gather(
                recorder.call(http, "release", RELEASE, release),
                recorder.call(other, "release", RELEASE, release),
            )
            attempts.extend((sid, payload) for payload in payloads)
    return attempts


async def race(server: ServerProcess, seeded: Seeded, recorder: Recorder) -> list[Attempt]:
    """Every client at once; every release attempt, by number sid."""
    releasers = [
        (caller, sids)
        for owner_sid, sids in seeded.owners.items()
        for caller in [seeded.tokens[owner_sid], seeded.parent] * CLIENTS_PER_CALLER
    ]
    start = asyncio.Barrier(len(releasers) + len(seeded.buyers))
    results = await asyncio.gather(
        *(
            releaser(server, caller, sids, random.Random(i), start, recorder)
            for i, (caller, sids) in enumerate(releasers)
        ),
        *(
            buyer(server, account, random.Random(100 + i), start, recorder)
            for i, account in enumerate(seeded.buyers)
        ),
    )
    return [attempt for attempts in results for attempt in attempts]


def successes_by_sid(
    attempts: list[Attempt], registered: frozenset[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each released sid's successful payloads, after checking every refusal's code."""
    successes: dict[str, list[dict[str, Any]]] = {}
    for sid, payload in attempts:
        assert payload is not None, f"releasing {sid} failed (see the recorder's failures)"
        codes = error_codes(payload)
        if sid in registered:
            assert codes == ["EMERGENCY_ADDRESS_ACTIVE"], payload
        elif codes:
            assert codes == ["NOT_FOUND"], payload
        else:
            assert payload["releasedNumber"]["sid"] == sid, payload
            successes.setdefault(sid, []).append(payload)
    return successes


async def released_events(engine: AsyncEngine) -> Counter[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(number_events.c.node_sid, func.count())
            .where(number_events.c.kind == "RELEASED")
            .group_by(number_events.c.node_sid)
        )
        return Counter({str(sid): int(count) for sid, count in rows})


async def refund_entries(engine: AsyncEngine) -> dict[str, list[str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(ledger_entries.c.number_sid, ledger_entries.c.sid).where(
                ledger_entries.c.kind == "REFUND"
            )
        )
        refunds: dict[str, list[str]] = {}
        for number_sid, sid in rows:
            refunds.setdefault(str(number_sid), []).append(str(sid))
        return refunds


async def sticky_left(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return {str(sid) for sid in (await conn.scalars(select(sticky_senders.c.number_sid)))}


async def check_database(
    engine: AsyncEngine, seeded: Seeded, successes: dict[str, list[dict[str, Any]]]
) -> None:
    events, refunds = await released_events(engine), await refund_entries(engine)
    assert events == Counter(dict.fromkeys(successes, 1))  # each released once, nothing else
    for sid, [payload] in successes.items():
        reported = [payload["refund"]["sid"]] if payload["refund"] else []
        assert refunds.get(sid, []) == reported, (sid, payload)
    assert set(refunds) <= set(successes)
    assert await sticky_left(engine) == set()  # only released pool members had any
    books = await account_books(engine)
    for sid, book in books.items():
        assert book.balance_minor == book.ledger_sum_minor, (sid, book)
    for owner_sid in seeded.owners:
        assert len(books[owner_sid].in_use) == 1  # the registered number stays in use
    assert await numbers_in_use_twice(engine) == []
    assert await catalog_disagreements(engine) == []


async def test_racing_releases_release_each_number_once(
    served: tuple[str, ServerProcess, Seeded],
) -> None:
    database_url, server, seeded = served
    recorder = Recorder()
    attempts = await race(server, seeded, recorder)
    assert recorder.failures == [], recorder.failures
    successes = successes_by_sid(attempts, seeded.registered)
    assert {sid: len(payloads) for sid, payloads in successes.items() if len(payloads) != 1} == {}
    seeded_sids = {sid for sids in seeded.owners.values() for sid in sids}
    assert seeded_sids - seeded.registered <= set(successes)
    assert seeded.pooled <= set(successes)
    assert len(successes) > len(seeded_sids), recorder.codes  # the buyers released some too
    due = [successes[sid][0]["refund"] for sid in seeded_sids - seeded.registered]
    assert all(due), due  # a refund was due for each seeded number
    engine = create_engine(Settings(database_url=database_url))
    try:
        await check_database(engine, seeded, successes)
    finally:
        await engine.dispose()
