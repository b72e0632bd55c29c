"""Several gateway processes on one database: a purchase through one process reaches the
subscribers of every process exactly once (LISTEN/NOTIFY on PostgreSQL, polling on SQLite, or
Redis pub/sub when configured), and its status callback is POSTed exactly once although both
processes run the delivery loop (SKIP LOCKED claims on PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from resolvers.events.signing import signature_matches
from tests.events.receiver import receiving
from tests.events.served import CallerFactory, Served, auth, seed_accounts
from tests.events.ws import events_from_the_first, socket, subscribe, until_live
from tests.support import databases
from tests.support.databases import run_blocking
from tests.support.server import ServerProcess, running_gateway

pytestmark = pytest.mark.slow

SECRET = "fan-out-secret"
SETTINGS = {
    "GATEWAY_WEBHOOK_SECRET": SECRET,
    "GATEWAY_WEBHOOK_DELIVERY_INTERVAL": "0.2",
    "GATEWAY_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
}
# (database, fan-out): LISTEN/NOTIFY or polling natively, or Redis pub/sub
MODES = [
    ("postgresql", "native"),
    ("postgresql", "redis"),
    ("sqlite", "native"),
    ("sqlite", "redis"),
]


@pytest.fixture(params=MODES, ids=["-".join(mode) for mode in MODES])
def two_gateways(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[tuple[Served, ServerProcess]]:
    backend, fan_out = request.param
    settings = dict(SETTINGS)
    if fan_out == "redis":
        settings["GATEWAY_REDIS_URL"] = request.getfixturevalue("redis_url")
    with databases.own_database(backend, sqlite_template, tmp_path) as url:
        accounts = run_blocking(seed_accounts(url))
        with (
            running_gateway(url, tmp_path, workers=1, settings=settings) as first,
            running_gateway(url, tmp_path, workers=1, settings=settings) as second,
        ):
            yield Served(first, *accounts), second


async def test_every_process_subscriber_sees_each_event_once(
    two_gateways: tuple[Served, ServerProcess], call_as: CallerFactory
) -> None:
    served, second = two_gateways
    owner = call_as(served.server, served.parent)
    probe_sid = await owner.buy()

    async def probe(attempt: int) -> str:
        await owner.rename(probe_sid, f"probe {attempt}")
        return f"probe {attempt}"

    header = {"Authorization": auth(served.parent)}
    async with (
        receiving([200]) as receiver,
        socket(served.server.base_url, header) as on_first,
        socket(second.base_url, header) as on_second,
        socket(second.base_url, header) as also_on_second,
    ):
        sockets = [on_first, on_second, also_on_second]
        for index, ws in enumerate(sockets):
            await subscribe(ws, str(index))
        await until_live(sockets, probe)
        sid = await owner.buy(configuration={"statusCallback": receiver.url})
        received = [await events_from_the_first(ws) for ws in sockets]
        for _ in range(50):  # the delivery loops run every 0.2 s
            if receiver.requests:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # time for a second (wrong) POST to show up
    for events in received:
        assert [(e["kind"], e["nodeSid"]) for e in events] == [("PURCHASED", sid)]
    assert len({events[0]["sid"] for events in received}) == 1
    [request] = receiver.requests
    assert signature_matches(SECRET, request.body, request.headers["x-gateway-signature"])
    body = orjson.loads(request.body)
    assert (body["kind"], body["nodeSid"], body["eventSid"]) == (
        "PURCHASED",
        sid,
        received[0][0]["sid"],
    )
