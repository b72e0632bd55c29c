"""``seed_demo``: fill an empty, migrated database with a catalog and two demo accounts.

Everything is drawn from ``random.Random(seed)`` (split into one stream per concern, so that
changing ``size`` does not change the credentials) and written in one transaction: the demo
appears whole or not at all.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.seed.accounts import (
    DemoAccount,
    account_row,
    address_rows,
    application_rows,
    demo_accounts,
    identity_document_rows,
    messaging_service_rows,
    trunk_rows,
)
from gateway.seed.activity import activity_rows
from gateway.seed.billing import number_ledger, opening_balance, top_up
from gateway.seed.bulk_load import indexes_deferred
from gateway.seed.catalog_worker import CatalogPlan, drawn_chunks
from gateway.seed.credentials import DemoCredentials, draw_credentials
from gateway.seed.hosting import hostable_lookup_rows, verified_caller_id_rows
from gateway.seed.owned import Ownership, assign_owners, join_messaging_services, owned_number_row
from gateway.seed.rows import Row, insert_plain_rows, insert_rows
from resolvers.activity.tallies import rebuild_tallies
from resolvers.core.tables import (
    accounts,
    addresses,
    applications,
    catalog_numbers,
    identity_documents,
    ledger_entries,
    messaging_services,
    number_activity,
    number_lookups,
    owned_numbers,
    trunks,
    verified_caller_ids,
)
from resolvers.provisioning.inventory import AGING_PERIOD, RESTORE_WINDOW

Progress = Callable[[str, int, int], None]
Accounts = tuple[DemoAccount, DemoAccount]

CHUNK_SIZE = 5_000
TALLY_CHUNK = 500  # numbers per rebuild of their stored activity
OPENING_BALANCES = (5_000_000, 500_000)  # parent, subaccount: 50,000.00 and 5,000.00 USD
SUBACCOUNT_SHARE = 1 / 6  # 50 of 300 owned numbers
RELEASED_SHARE = 1 / 40  # a handful, recently released and still restorable
OPENING_DELAY_HOURS = 1


@dataclass(frozen=True)
class _Streams:
    credentials: random.Random
    accounts: random.Random
    picks: random.Random
    catalog: random.Random
    owned: random.Random
    activity: random.Random
    ledger: random.Random


async def database_is_empty(engine: AsyncEngine) -> bool:
    """True when there are no accounts, i.e. nothing a user could log in to."""
    async with engine.connect() as conn:
        return await _no_accounts(conn)


async def seed_demo(
    engine: AsyncEngine,
    *,
    size: int = 100_000,
    owned: int = 300,
    seed: int = 7,
    now: datetime,
    progress: Progress | None = None,
) -> DemoCredentials:
    """Write ``size`` catalog numbers, ``owned`` of them owned by the demo accounts, with
    their configuration, activity and billing history; return the accounts' credentials.

    ``now`` is a naive UTC datetime. The database must have no accounts yet.
    """
    if not 0 <= owned <= size:
        raise ValueError("need 0 <= owned <= size")
    streams = _streams(seed)
    credentials = draw_credentials(streams.credentials)
    demo = demo_accounts(streams.accounts, credentials, now)
    assigned = frozenset(streams.picks.sample(range(size), owned))
    plan = CatalogPlan(streams.catalog.getrandbits(64), size, assigned, CHUNK_SIZE)
    async with engine.connect() as conn:
        conn = await conn.execution_options(write=True)  # BEGIN IMMEDIATE on SQLite
        async with conn.begin():
            if not await _no_accounts(conn):
                raise RuntimeError("seed_demo needs a database without accounts")
            await _write_demo(conn, streams, demo, plan, now, progress or _ignore_progress)
    return credentials


async def _write_demo(
    conn: AsyncConnection,
    streams: _Streams,
    demo: Accounts,
    plan: CatalogPlan,
    now: datetime,
    report: Progress,
) -> None:
    await _write_accounts(conn, demo, now, report)
    picks = await _write_catalog(conn, plan, report)
    numbers = await _write_owned(conn, streams.owned, picks, demo, now, report)
    await _write_activity(conn, streams.activity, numbers, now, report)
    await _write_ledger(conn, streams.ledger, [row for _, row in numbers], demo, now, report)
    await insert_rows(conn, number_lookups, hostable_lookup_rows())
    await insert_rows(conn, verified_caller_ids, verified_caller_id_rows(demo[0].sid, now))


async def _no_accounts(conn: AsyncConnection) -> bool:
    return await conn.scalar(select(accounts.c.sid).limit(1)) is None


def _streams(seed: int) -> _Streams:
    root = random.Random(seed)
    return _Streams(*(random.Random(root.getrandbits(64)) for _ in range(7)))


async def _write_accounts(
    conn: AsyncConnection, demo: Accounts, now: datetime, report: Progress
) -> None:
    await insert_rows(conn, accounts, [account_row(account, now) for account in demo])
    for account in demo:
        await insert_rows(conn, addresses, address_rows(account))
        await insert_rows(conn, messaging_services, messaging_service_rows(account))
        await insert_rows(conn, applications, application_rows(account))
        await insert_rows(conn, trunks, trunk_rows(account))
        await insert_rows(conn, identity_documents, identity_document_rows(account))
    report("accounts", len(demo), len(demo))


async def _write_catalog(conn: AsyncConnection, plan: CatalogPlan, report: Progress) -> list[Row]:
    """Insert the catalog; return the rows marked as owned, in catalog order."""
    picks: list[Row] = []
    written = 0
    async with indexes_deferred(conn, catalog_numbers.name):
        async with aclosing(drawn_chunks(plan)) as chunks:
            async for chunk in chunks:
                await insert_plain_rows(conn, catalog_numbers, chunk)
                picks += [row for row in chunk if row["state"] == "assigned"]
                written += len(chunk)
                report("catalog numbers", written, plan.size)
        report("catalog indexes", 0, 1)  # built when the block ends: long for a big catalog
    report("catalog indexes", 1, 1)
    return picks


async def _write_owned(
    conn: AsyncConnection,
    rng: random.Random,
    picks: list[Row],
    demo: Accounts,
    now: datetime,
    report: Progress,
) -> list[tuple[Ownership, Row]]:
    released = max(1, round(len(picks) * RELEASED_SHARE)) if picks else 0
    ownerships = assign_owners(rng, picks, demo, round(len(picks) * SUBACCOUNT_SHARE), released)
    numbers = [(ownership, owned_number_row(rng, ownership, now)) for ownership in ownerships]
    join_messaging_services(rng, numbers, demo[0])
    rows = [row for _, row in numbers]
    await _insert_in_chunks(conn, owned_numbers, rows, "owned numbers", report)
    for row in rows:
        if row["released_at"] is not None:
            await _start_aging(conn, row["phone_number"], row["released_at"])
    return numbers


async def _start_aging(conn: AsyncConnection, phone_number: str, released_at: datetime) -> None:
    """A released number ages in the catalog, as the gateway's own release leaves it."""
    await conn.execute(
        update(catalog_numbers)
        .where(catalog_numbers.c.phone_number == phone_number)
        .values(state="aging", aging_until=released_at + RESTORE_WINDOW + AGING_PERIOD)
    )


async def _write_activity(
    conn: AsyncConnection,
    rng: random.Random,
    numbers: list[tuple[Ownership, Row]],
    now: datetime,
    report: Progress,
) -> None:
    rows = [
        event
        for ownership, number in numbers
        for event in activity_rows(rng, number, ownership.catalog["sms_capable"], now)
    ]
    await _insert_in_chunks(conn, number_activity, rows, "number activity", report)
    sids = sorted({row["number_sid"] for row in rows})
    for start in range(0, len(sids), TALLY_CHUNK):  # the stored activity the rule reads
        await rebuild_tallies(conn, sids[start : start + TALLY_CHUNK])


async def _write_ledger(
    conn: AsyncConnection,
    rng: random.Random,
    numbers: list[Row],
    demo: Accounts,
    now: datetime,
    report: Progress,
) -> None:
    """Top-ups, purchases, renewals and refunds; then each balance is set to its ledger sum."""
    entries: list[Row] = []
    for account, minimum in zip(demo, OPENING_BALANCES, strict=True):
        charges = [
            entry
            for number in numbers
            if number["account_sid"] == account.sid
            for entry in number_ledger(rng, number, now)
        ]
        opening = opening_balance(-sum(entry["amount_minor"] for entry in charges), minimum)
        opened_at = account.created_at + timedelta(hours=OPENING_DELAY_HOURS)
        account_entries = [top_up(rng, account.sid, opening, opened_at), *charges]
        entries += account_entries
        balance = sum(entry["amount_minor"] for entry in account_entries)
        await conn.execute(
            update(accounts).where(accounts.c.sid == account.sid).values(balance_minor=balance)
        )
    await _insert_in_chunks(conn, ledger_entries, entries, "ledger entries", report)


async def _insert_in_chunks(
    conn: AsyncConnection, table: Table, rows: Sequence[Row], stage: str, report: Progress
) -> None:
    for start in range(0, len(rows), CHUNK_SIZE):
        await insert_rows(conn, table, rows[start : start + CHUNK_SIZE])
        report(stage, min(start + CHUNK_SIZE, len(rows)), len(rows))
    if not rows:
        report(stage, 0, 0)


def _ignore_progress(stage: str, done: int, total: int) -> None:
    return None
