"""Persisted documents over the WebSocket: a subscribe message may name its document by
``extensions.persistedQuery``, and trusted-documents-only mode holds on the socket as over HTTP
(GraphiQL, naming itself in ``connection_init`` while it is enabled, is exempt)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from gateway.database import create_engine
from gateway.persisted import PersistedDocuments, sha256_hex
from gateway.settings import Settings
from tests.events.served import CONFIGURE, PURCHASE, CallerFactory, Served, auth, seed_accounts
from tests.events.ws import EVENTS, receive, send, socket, until_live
from tests.support.databases import run_blocking
from tests.support.server import running_gateway

UNTRUSTED = "subscription { numberEvents { sid kind } }"


async def register_trusted(database_url: str, texts: list[str]) -> None:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await PersistedDocuments(engine, 10).register_trusted(texts, datetime.now(UTC))
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def strict(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    accounts = run_blocking(seed_accounts(served_database))
    run_blocking(register_trusted(served_database, [EVENTS, PURCHASE, CONFIGURE]))
    settings = {"GATEWAY_TRUSTED_DOCUMENTS_ONLY": "true", "GATEWAY_GRAPHIQL": "true"}
    workdir = tmp_path_factory.mktemp("strict")
    with running_gateway(served_database, workdir, workers=1, settings=settings) as server:
        yield Served(server, *accounts)


async def acknowledged(ws: ClientConnection) -> None:
    assert (await receive(ws))["type"] == "connection_ack"


def by_hash(text: str) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(text)}}}


async def test_a_trusted_subscription_named_by_its_hash_receives_events(
    strict: Served, call_as: CallerFactory
) -> None:
    owner = call_as(strict.server, strict.parent)
    sid = await owner.buy()

    async def probe(attempt: int) -> str:
        await owner.rename(sid, f"probe {attempt}")
        return f"probe {attempt}"

    async with socket(strict.server.base_url, {"Authorization": auth(strict.parent)}) as ws:
        await acknowledged(ws)
        await send(ws, {"id": "1", "type": "subscribe", "payload": by_hash(EVENTS)})
        await until_live([ws], probe)  # fails unless events arrive


async def test_an_untrusted_subscription_is_refused_except_from_graphiql(
    strict: Served, call_as: CallerFactory
) -> None:
    owner = call_as(strict.server, strict.parent)
    sid = await owner.buy()
    base_url, authorization = strict.server.base_url, auth(strict.parent)
    async with socket(base_url, {"Authorization": authorization}) as ws:
        await acknowledged(ws)
        await send(ws, {"id": "app", "type": "subscribe", "payload": {"query": UNTRUSTED}})
        refused = await receive(ws)
    assert (refused["type"], refused["id"]) == ("error", "app")
    assert refused["payload"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"

    async def probe(attempt: int) -> str:
        await owner.rename(sid, f"graphiql probe {attempt}")
        return f"graphiql probe {attempt}"

    graphiql = {"Authorization": authorization, "X-Gateway-Client": "graphiql"}
    async with socket(base_url, graphiql) as ws:
        await acknowledged(ws)
        await send(ws, {"id": "ide", "type": "subscribe", "payload": {"query": UNTRUSTED}})
        await until_live([ws], probe)
