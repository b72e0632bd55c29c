"""Concurrent recorders never lose a count (issue #12, item 1): a running gateway with two
workers, many HTTP clients recording calls and messages on the same few numbers at once (single
records, feeds and selectSender), on SQLite and on PostgreSQL.

Afterwards the stored activity is checked against the raw records with SQL (every day bucket,
every number's last activity and verdict) and through GraphQL (each number's counters and
verdict equal the ones counted from the raw records by the documented rule).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.activity.rule import window_start
from resolvers.activity.tallies import EPOCH_DAY, Tally, anchor_day, day_tallies
from resolvers.core.tables import number_activity, number_activity_days, owned_numbers
from tests.concurrency.harness import REQUEST_TIMEOUT_SECONDS, Recorder, shared_ssl_context
from tests.support.databases import run_blocking
from tests.support.factories import (
    TestAccount as Account,
)
from tests.support.factories import (
    add_account,
    add_catalog,
    add_messaging_service,
    add_owned,
    catalog_row,
)
from tests.support.server import ServerProcess, running_gateway

pytestmark = pytest.mark.slow

ACCOUNTS = 3
NUMBERS_PER_ACCOUNT = 3  # few numbers, so that every number has many recorders at once
CLIENTS_PER_ACCOUNT = 5
STEPS = 24  # per client
SPREAD = timedelta(days=34)  # records from 34 days ago to now: both sides of the window edge

RECORD = """
mutation($input: RecordNumberActivityInput!) {
  recordNumberActivity(input: $input) { activeNumber { sid } userErrors { code field message } }
}
"""
FEED = """
mutation($input: RecordNumberActivitiesInput!) {
  recordNumberActivities(input: $input) {
    accepted rejected { index code } userErrors { code field message }
  }
}
"""
SELECT = """
mutation($input: SelectSenderInput!) {
  selectSender(input: $input) { activeNumber { sid } userErrors { code field message } }
}
"""
NUMBERS = """
query {
  activeNumbers(first: 50) {
    nodes { sid activity {
      lastActivityAt callsLast30Days qualifyingCallsLast30Days messagesLast30Days isActive
    } }
  }
}
"""


@dataclass(frozen=True)
class Owner:
    account: Account
    numbers: list[str]  # PN sids
    service_sid: str


async def seed(database_url: str) -> list[Owner]:
    engine = create_engine(Settings(database_url=database_url))
    phones = [f"+1415556{n:04d}" for n in range(ACCOUNTS * NUMBERS_PER_ACCOUNT)]
    owners = []
    try:
        await add_catalog(engine, [catalog_row(phone) for phone in phones])
        for index in range(ACCOUNTS):
            account = await add_account(engine, name=f"Recorder {index}")
            service = await add_messaging_service(engine, account.sid, "Pool")
            mine = phones[index * NUMBERS_PER_ACCOUNT : (index + 1) * NUMBERS_PER_ACCOUNT]
            numbers = [
                await add_owned(engine, account.sid, phone, messaging_service_sid=service)
                for phone in mine
            ]
            owners.append(Owner(account, numbers, service))
    finally:
        await engine.dispose()
    return owners


@pytest.fixture(scope="module")
def served(
    served_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, ServerProcess, list[Owner]]]:
    owners = run_blocking(seed(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("gateway")) as server:
        yield served_database, server, owners


def random_record(rng: random.Random, sid: str) -> dict[str, Any]:
    at = datetime.now(UTC) - SPREAD * rng.random() - timedelta(minutes=1)
    if rng.random() < 0.5:
        status = rng.choice(["COMPLETED", "COMPLETED", "BUSY", "FAILED"])
        seconds = rng.choice([0, 5, 11, 12, 30, 600]) if status == "COMPLETED" else 0
        record: dict[str, Any] = {"kind": "CALL", "direction": "INBOUND", "status": status}
        record["durationSeconds"] = seconds
    else:
        status = rng.choice(["RECEIVED", "SENT", "DELIVERED", "UNDELIVERED", "FAILED"])
        direction = "INBOUND" if status in ("RECEIVED", "FAILED") else "OUTBOUND"
        record = {"kind": "MESSAGE", "direction": direction, "status": status}
    return {"sid": sid, **record, "occurredAt": at.isoformat()}


async def recording_client(
    server: ServerProcess, owner: Owner, seed_: int, start: asyncio.Barrier, recorder: Recorder
) -> int:
    """STEPS mutations on the owner's numbers; how many records were accepted."""
    rng, accepted = random.Random(seed_), 0
    headers = {"Authorization": basic_auth_header(owner.account.sid, owner.account.token)}
    async with httpx.AsyncClient(
        base_url=server.base_url,
        headers=headers,
        timeout=REQUEST_TIMEOUT_SECONDS,
        verify=shared_ssl_context(),
    ) as http:
        await http.get("/healthz")
        await start.wait()
        for _ in range(STEPS):
            kind = rng.choice(["record", "feed", "select"])
            if kind == "record":
                variables = {"input": random_record(rng, rng.choice(owner.numbers))}
                payload = await recorder.call(http, kind, RECORD, variables)
                accepted += int(payload is not None and payload["activeNumber"] is not None)
            elif kind == "feed":
                records = [
                    random_record(rng, rng.choice(owner.numbers)) for _ in range(rng.randint(1, 12))
                ]
                variables = {"input": {"records": records}}
                payload = await recorder.call(http, kind, FEED, variables)
                accepted += 0 if payload is None else int(payload["accepted"] or 0)
            else:
                to = f"+1646555{rng.randint(100, 199):04d}"
                variables = {"input": {"messagingServiceSid": owner.service_sid, "to": to}}
                payload = await recorder.call(http, kind, SELECT, variables)
                accepted += int(payload is not None and payload["activeNumber"] is not None)
    return accepted


async def stored_against_raw(database_url: str) -> tuple[dict[Any, Tally], dict[Any, Tally], Any]:
    """(buckets as stored, buckets counted from the raw records, owned rows)."""
    engine = create_engine(Settings(database_url=database_url))
    try:
        async with engine.connect() as conn:
            raw = (await conn.execute(select(number_activity))).mappings().all()
            stored = (await conn.execute(select(number_activity_days))).all()
            owned = (await conn.execute(select(owned_numbers))).mappings().all()
    finally:
        await engine.dispose()
    buckets = {
        (row.number_sid, _day(row.day)): Tally(row.calls, row.qualifying_calls, row.messages)
        for row in stored
    }
    return buckets, day_tallies(dict(row) for row in raw), (owned, raw)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def activity_pages(server: ServerProcess, owners: list[Owner]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=server.base_url, timeout=REQUEST_TIMEOUT_SECONDS) as http:
        for owner in owners:
            auth = basic_auth_header(owner.account.sid, owner.account.token)
            response = await http.post(
                "/graphql", json={"query": NUMBERS}, headers={"Authorization": auth}
            )
            body = response.json()
            assert "errors" not in body, body
            for node in body["data"]["activeNumbers"]["nodes"]:
                found[node["sid"]] = node["activity"]
    return found


def expected_activity(raw_buckets: dict[Any, Tally], sid: str, edge: date) -> dict[str, Any]:
    window = [t for (owner, day), t in raw_buckets.items() if owner == sid and day >= edge]
    calls = sum(t.calls for t in window)
    qualifying = sum(t.qualifying_calls for t in window)
    messages = sum(t.messages for t in window)
    return {
        "callsLast30Days": calls,
        "qualifyingCallsLast30Days": qualifying,
        "messagesLast30Days": messages,
        "isActive": qualifying >= 3 or messages >= 3,
    }


async def test_concurrent_recorders_never_lose_a_count(
    served: tuple[str, ServerProcess, list[Owner]],
) -> None:
    database_url, server, owners = served
    recorder = Recorder()
    clients = [(owner, index) for owner in owners for index in range(CLIENTS_PER_ACCOUNT)]
    start = asyncio.Barrier(len(clients) + 1)
    with server.tail_on_failure():
        tasks = [
            asyncio.create_task(recording_client(server, owner, seed_, start, recorder))
            for seed_, (owner, _) in enumerate(clients)
        ]
        await asyncio.wait_for(start.wait(), REQUEST_TIMEOUT_SECONDS)
        accepted = sum(await asyncio.gather(*tasks))
        assert recorder.failure_count == 0, recorder.failures
        assert recorder.codes == Counter(), recorder.codes  # every record was a good one

        stored, counted, (owned, raw) = await stored_against_raw(database_url)
        assert len(raw) == accepted
        assert stored == counted  # every bucket holds exactly its raw records

        edge = window_start(datetime.now(UTC).replace(tzinfo=None))
        for number in owned:
            mine = sorted(
                ((day, t) for (sid, day), t in counted.items() if sid == number["sid"]),
                reverse=True,
            )
            times = [r["occurred_at"] for r in raw if r["number_sid"] == number["sid"]]
            assert number["last_activity_at"] == max(times, default=None)
            anchor = anchor_day((d, t.qualifying_calls, t.messages) for d, t in mine if d >= edge)
            stored_anchor = _day(number["activity_anchor_day"])
            if anchor != EPOCH_DAY:  # active: the stored anchor is that very day
                assert stored_anchor == anchor, number["sid"]
            else:  # inactive: the stored anchor is before the window
                assert stored_anchor < edge, number["sid"]

        pages = await activity_pages(server, owners)
        for sid, activity in pages.items():
            shown = {key: value for key, value in activity.items() if key != "lastActivityAt"}
            assert shown == expected_activity(counted, sid, edge), sid
