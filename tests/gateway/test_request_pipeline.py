"""One pass per document: each distinct query text is parsed and validated once, whichever
executor serves it and whichever transport (POST, GET, WebSocket) brings it."""

from __future__ import annotations

import asyncio
import importlib
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn
from graphql.language.parser import Parser

from gateway.app import create_app
from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.graphql_endpoint import EXECUTOR_HEADER
from gateway.settings import Settings
from tests.events.ws import receive, send, socket
from tests.support.client import Gateway
from tests.support.factories import add_account
from tests.support.numbers import sign_in
from tests.support.server import LOOPBACK, free_port

EVENTS = "subscription { numberEvents { sid kind } }"
QUERY = "{ viewer { sid } }"
STARTUP_POLLS = 3000  # of 10 ms


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often graphql-core parses a document and starts a validation, from any caller."""
    counted: Counter[str] = Counter()
    parse_document = Parser.parse_document

    def counting_parse(self: Parser) -> Any:
        counted["parse"] += 1
        return parse_document(self)

    validate_module = importlib.import_module("graphql.validation.validate")
    context_class = validate_module.ValidationContext

    class CountingContext(context_class):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            counted["validate"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(Parser, "parse_document", counting_parse)
    monkeypatch.setattr(validate_module, "ValidationContext", CountingContext)
    return counted


async def _get(gateway: Gateway, query: str) -> Any:
    headers = {"Authorization": gateway.auth or "", "Accept": "application/json"}
    return await gateway.http.get("/graphql", params={"query": query}, headers=headers)


@pytest.mark.parametrize(
    ("query", "executor"),
    [
        ("{ viewer { sid } }", "compiled"),
        ("{ viewer { sid transactions { totalCount } } }", "standard"),
    ],
)
async def test_two_requests_parse_and_validate_once(
    gateway: Gateway, calls: Counter[str], query: str, executor: str
) -> None:
    await sign_in(gateway)
    first = await gateway.post(query)
    second = await gateway.post(query)
    over_get = await _get(gateway, query)
    assert calls == {"parse": 1, "validate": 1}
    for response in (first, second, over_get):
        assert response.status_code == 200, response.text
        assert response.headers[EXECUTOR_HEADER] == executor
        assert "errors" not in response.json()
    assert first.json()["data"] == over_get.json()["data"]


async def test_invalid_documents_are_reported_from_the_one_analysis(
    gateway: Gateway, calls: Counter[str]
) -> None:
    await sign_in(gateway)
    for _ in range(2):
        errors = await gateway.gql_errors("{ viewer { nope } }")
        assert errors[0]["message"].startswith("Cannot query field 'nope' on type 'Account'.")
    for _ in range(2):
        errors = await gateway.gql_errors("{ viewer { sid ")
        assert errors[0]["message"].startswith("Syntax Error: Expected Name, found <EOF>.")
        assert errors[0]["locations"] == [{"line": 1, "column": 16}]
    assert calls == {"parse": 2, "validate": 1}


@asynccontextmanager
async def served_in_process(settings: Settings) -> AsyncIterator[str]:
    """The app under uvicorn on this test's event loop (so the counters see the server)."""
    port = free_port()
    config = uvicorn.Config(create_app(settings), host=LOOPBACK, port=port, log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(STARTUP_POLLS):
            if server.started or task.done():
                break
            await asyncio.sleep(0.01)
        assert server.started, "uvicorn did not start"
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        await task


async def test_a_subscription_is_parsed_once_across_subscribes(
    database_url: str, calls: Counter[str]
) -> None:
    """The WebSocket subscribe path reads the same cache and hands Strawberry the document."""
    settings = Settings(database_url=database_url, migrate_on_start=False)
    engine = create_engine(settings)
    try:
        account = await add_account(engine)
    finally:
        await engine.dispose()
    init = {"Authorization": basic_auth_header(account.sid, account.token)}
    async with served_in_process(settings) as base_url, socket(base_url, init) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        for op_id in ("one", "two"):
            await send(ws, {"id": op_id, "type": "subscribe", "payload": {"query": EVENTS}})
        # answered once both subscriptions' tasks have started (and parsed, if they do)
        await send(ws, {"id": "q", "type": "subscribe", "payload": {"query": QUERY}})
        refused = await receive(ws)
    assert (refused["id"], refused["type"]) == ("q", "error")
    assert "only subscriptions" in refused["payload"][0]["message"]
    assert calls == {"parse": 2, "validate": 2}  # each of the two texts once
