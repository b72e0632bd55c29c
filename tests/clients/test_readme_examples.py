"""README.md's examples, run as a user would run them, against a gateway with the demo data.

The curl query and every GraphQL document go through the ``gql`` client (HTTP, Basic auth,
documents validated against the fetched schema); the Python client example runs as a script
(other Python blocks are fragments: they must compile). A new GraphQL example with a required
variable fails here until the test knows a value for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.client import SyncClientSession
from gql.transport.httpx import HTTPXTransport
from graphql import GraphQLError, parse, validate

from tests.clients.demo import DemoGateway
from tests.clients.readme_examples import (
    Operation,
    blocks,
    curl_examples,
    graphql_operations,
    websocket_subscribe_documents,
)

README_URL = "http://127.0.0.1:8000/graphql"
BUYABLE = """
{ availableNumbers(search: { isoCountry: "US", excludeAllAddressRequired: true,
                             excludeLocalAddressRequired: true }, first: 1) {
    nodes { phoneNumber } } }
"""
OWNED = "{ activeNumbers(first: 1) { nodes { phoneNumber } } }"


@pytest.fixture(scope="module")
def session(demo_gateway: DemoGateway) -> Iterator[SyncClientSession]:
    transport = HTTPXTransport(
        url=demo_gateway.graphql_url,
        auth=httpx.BasicAuth(demo_gateway.account_sid, demo_gateway.auth_token),
        timeout=60.0,
    )
    with Client(transport=transport, fetch_schema_from_transport=True) as client_session:
        yield client_session


def variables_for(
    operation: Operation, session: SyncClientSession, results: dict[str, Any]
) -> dict[str, Any]:
    """Values for the README's required variables: ``Buy`` buys a number the search found (or
    any number for sale); any other ``$number`` is one the demo account owns."""
    known: dict[str, Any] = {}
    if "number" in operation.required_variables:
        if operation.name == "Buy":
            known["number"] = number_for_sale(session, results)
        else:
            owned = session.execute(GraphQLRequest(OWNED))["activeNumbers"]["nodes"]
            known["number"] = owned[0]["phoneNumber"]
    missing = set(operation.required_variables) - set(known)
    assert not missing, f"README operation {operation.name}: no test value for {missing}"
    return known


def number_for_sale(session: SyncClientSession, results: dict[str, Any]) -> str:
    found = results.get("Search", {}).get("availableNumbers", {}).get("nodes", [])
    buyable = [n for n in found if n["regulatory"]["addressRequirements"] == "NONE"]
    if not buyable:
        buyable = session.execute(GraphQLRequest(BUYABLE))["availableNumbers"]["nodes"]
    number: str = buyable[0]["phoneNumber"]
    return number


def validate_document(session: SyncClientSession, document: str) -> list[GraphQLError]:
    schema = session.client.schema
    assert schema is not None
    return validate(schema, parse(document))


def client_scripts() -> list[str]:
    """The complete client programs among the README's Python blocks (others are fragments)."""
    return [block for block in blocks("python") if "from gql import" in block]


def user_errors(data: dict[str, Any]) -> list[Any]:
    return [
        error
        for payload in data.values()
        if isinstance(payload, dict)
        for error in payload.get("userErrors", [])
    ]


def test_the_readme_has_the_examples_this_test_runs() -> None:
    names = [operation.name for operation in graphql_operations()]
    assert len(curl_examples()) == 1
    assert len(client_scripts()) == 1
    assert "Buy" in names
    assert len(names) >= 4


def test_the_curl_example_uses_the_demo_credentials_and_works(
    demo_gateway: DemoGateway, session: SyncClientSession
) -> None:
    (curl,) = curl_examples()
    assert curl.url == README_URL
    assert curl.user == f"{demo_gateway.account_sid}:{demo_gateway.auth_token}"
    data = session.execute(GraphQLRequest(curl.query))
    assert data["viewer"]["sid"] == demo_gateway.account_sid
    assert len(data["activeNumbers"]["nodes"]) == 2


def test_every_graphql_example_runs_without_errors(session: SyncClientSession) -> None:
    results: dict[str, Any] = {}
    for operation in graphql_operations():
        if operation.kind == "subscription":
            assert validate_document(session, operation.document) == []
            continue  # subscriptions run over the WebSocket: test_subscription_client.py
        variables = variables_for(operation, session, results)
        request = GraphQLRequest(
            operation.document, variable_values=variables, operation_name=operation.name
        )
        data = session.execute(request)  # raises on any GraphQL error
        assert user_errors(data) == [], (operation.name, data)
        results[operation.name or "anonymous"] = data
    bought = results["Buy"]["purchasePhoneNumber"]
    assert bought["activeNumber"]["configuration"]["voice"]["url"] == "https://example.com/voice"


def test_the_websocket_subscription_example_is_valid(session: SyncClientSession) -> None:
    documents = websocket_subscribe_documents()
    assert documents, "README shows no graphql-transport-ws subscribe message"
    for document in documents:
        assert validate_document(session, document) == []
        assert "subscription" in document


def test_every_python_block_is_valid_python() -> None:
    for block in blocks("python"):
        compile(block, "README.md", "exec")


def test_the_python_client_example_runs_as_a_script(demo_gateway: DemoGateway) -> None:
    (script,) = client_scripts()
    env = {**os.environ, "GATEWAY_URL": demo_gateway.graphql_url}
    run = subprocess.run(  # noqa: S603 - the README's own example, with our interpreter
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "SMS-capable numbers; the first five:" in run.stdout
    assert "to Support line" in run.stdout


def test_the_twilio_sdk_example_runs_as_a_script(demo_gateway: DemoGateway) -> None:
    """The README's Twilio SDK example, against the demo data over the REST API."""
    (script,) = [block for block in blocks("python") if "from twilio.rest import" in block]
    env = {**os.environ, "GATEWAY_BASE_URL": demo_gateway.server.base_url}
    run = subprocess.run(  # noqa: S603 - the README's own example, with our interpreter
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    found, bought = run.stdout.splitlines()[:3], run.stdout.splitlines()[-1]
    assert len(found) == 3
    assert all(line.startswith("+1415") for line in found)
    assert bought == f"bought {found[0].split()[0]} as Support"
