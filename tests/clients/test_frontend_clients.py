"""Apollo Client and urql, driven from Node (``tests/clients/node``) against a running gateway
with Basic auth, as a frontend would use them: the README's full-tree query, paging with
``after``, Apollo's normalized cache updated by mutation payloads through ``id``, automatic
persisted queries over GET (a miss, the query sent once, then hits, seen on the gateway's side
in ``persisted_documents``) and a repeated GET revalidated to 304 with the kept ETag."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.tables import persisted_documents
from tests.clients.demo import DemoGateway, demo_on, seed_demo
from tests.clients.node_clients import run_node_script
from tests.clients.readme_examples import curl_examples
from tests.support.databases import own_postgres_database, run_blocking
from tests.support.server import running_gateway

PAGE_SIDS = """
{ activeNumbers(first: 10, orderBy: { field: PHONE_NUMBER, direction: ASC }) { nodes { sid } } }
"""
NUMBER = """
query($id: ID!) {
  node(id: $id) { ... on ActiveNumber { friendlyName configuration { voice { url } } } }
}
"""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def frontend_gateway(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoGateway]:
    """The package's SQLite demo gateway, or one over a PostgreSQL demo database of its own."""
    if request.param == "sqlite":
        yield request.getfixturevalue("demo_gateway")
        return
    with own_postgres_database() as url:
        credentials = seed_demo(url)
        workdir = tmp_path_factory.mktemp("frontend-postgresql")
        with running_gateway(url, workdir, workers=1) as server:
            yield demo_on(server, credentials, url)


def gateway_data(demo: DemoGateway, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = httpx.post(
        demo.graphql_url,
        json={"query": query, "variables": variables or {}},
        auth=(demo.account_sid, demo.auth_token),
        timeout=60.0,
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def without_typenames(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_typenames(item) for key, item in value.items() if key != "__typename"}
    if isinstance(value, list):
        return [without_typenames(item) for item in value]
    return value


def stored_document(demo: DemoGateway, sha256: str) -> tuple[str, bool] | None:
    """The ``persisted_documents`` row of ``sha256``, read straight from the database."""

    async def read() -> tuple[str, bool] | None:
        engine = create_engine(Settings(database_url=demo.database_url))
        try:
            async with engine.connect() as connection:
                query = select(persisted_documents.c.document, persisted_documents.c.trusted)
                row = (
                    await connection.execute(query.where(persisted_documents.c.sha256 == sha256))
                ).first()
        finally:
            await engine.dispose()
        return None if row is None else (row.document, row.trusted)

    return run_blocking(read())


def run_client(demo: DemoGateway, node: str, script: str) -> tuple[Any, Any, list[str]]:
    """The script's output, and what the gateway answers to the same reads just before it."""
    full_tree = curl_examples()[0].query
    expected_tree = gateway_data(demo, full_tree)
    expected_sids = [
        node["sid"] for node in gateway_data(demo, PAGE_SIDS)["activeNumbers"]["nodes"]
    ]
    seen = run_node_script(
        node,
        script,
        {
            "GRAPHQL_URL": demo.graphql_url,
            "GATEWAY_AUTH": f"{demo.account_sid}:{demo.auth_token}",
            "FULL_TREE_QUERY": full_tree,
        },
    )
    return seen, expected_tree, expected_sids


def assert_reads(seen: Any, expected_tree: Any, expected_sids: list[str]) -> None:
    assert without_typenames(seen["fullTree"]) == expected_tree
    first, second = seen["pages"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert [node["sid"] for node in first["nodes"] + second["nodes"]] == expected_sids


def assert_persisted_then_revalidated(demo: DemoGateway, exchanges: list[dict[str, Any]]) -> None:
    """A miss (hash only), the query sent once with its hash, then hash-only GETs: the first
    answered in full with an ETag, the next one 304 (the client shows the kept body)."""
    sha256 = exchanges[0]["sha256Hash"]
    assert all(exchange["sha256Hash"] == sha256 for exchange in exchanges)
    miss, sent, *hits = exchanges
    assert (miss["method"], miss["sentQuery"], miss["status"]) == ("GET", False, 200)
    assert miss["errorCodes"] == ["PERSISTED_QUERY_NOT_FOUND"]
    assert sent["sentQuery"] is True
    assert sent["errorCodes"] == []
    assert [(hit["method"], hit["sentQuery"], hit["errorCodes"]) for hit in hits] == [
        ("GET", False, [])
    ] * 2
    assert hits[0]["status"] == 200
    assert hits[0]["etag"]
    assert (hits[1]["status"], hits[1]["revalidated"]) == (304, True)
    stored = stored_document(demo, sha256)
    assert stored is not None
    document, trusted = stored
    assert hashlib.sha256(document.encode()).hexdigest() == sha256
    assert trusted is False


def test_apollo_client(frontend_gateway: DemoGateway, node: str) -> None:
    seen, expected_tree, expected_sids = run_client(frontend_gateway, node, "apollo_client.mjs")
    assert_reads(seen, expected_tree, expected_sids)
    purchase = seen["purchase"]
    assert purchase["purchaseErrors"] == purchase["configureErrors"] == []
    before, after = purchase["cachedAfterPurchase"], purchase["cachedAfterConfigure"]
    assert purchase["cacheId"] == f"ActiveNumber:{before['id']}"
    assert (before["friendlyName"], before["status"]) == ("Bought by a client", "IN_USE")
    assert before["configuration"]["voice"]["url"] is None
    # the configure payload changed the cached entity itself, and the gateway agrees with it
    assert after["friendlyName"] == "Renamed by Apollo"
    assert after["configuration"]["voice"]["url"] == "https://example.com/apollo"
    other = without_typenames(purchase["otherQueryFromCache"])
    assert (other["id"], other["friendlyName"]) == (before["id"], "Renamed by Apollo")
    assert other["configuration"]["voice"]["url"] == "https://example.com/apollo"
    stored = gateway_data(frontend_gateway, NUMBER, {"id": before["id"]})["node"]
    assert without_typenames(stored) == {
        "friendlyName": after["friendlyName"],
        "configuration": without_typenames(after["configuration"]),
    }
    assert_persisted_then_revalidated(frontend_gateway, seen["viewerExchanges"])


def test_urql(frontend_gateway: DemoGateway, node: str) -> None:
    seen, expected_tree, expected_sids = run_client(frontend_gateway, node, "urql_client.mjs")
    assert_reads(seen, expected_tree, expected_sids)
    assert_persisted_then_revalidated(frontend_gateway, seen["viewerExchanges"])
