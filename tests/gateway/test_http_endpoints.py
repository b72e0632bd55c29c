"""The HTTP surface besides GraphQL queries: GraphiQL, health, metrics, GET queries."""

from __future__ import annotations

from tests.support.client import Gateway, basic_auth
from tests.support.factories import add_account


async def test_graphiql_page_is_served_to_a_browser_without_credentials(gateway: Gateway) -> None:
    response = await gateway.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_healthz_reports_the_database(gateway: Gateway) -> None:
    response = await gateway.http.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in ("sqlite", "postgresql")


async def test_metrics_count_graphql_requests(gateway: Gateway) -> None:
    account = await add_account(gateway.engine)
    await gateway.gql("{ viewer { sid } }", auth=basic_auth(account.sid, account.token))
    body = (await gateway.http.get("/metrics")).text
    assert 'gateway_http_requests_total{path="/graphql",status="200"} 1.0' in body


async def test_get_query_runs_with_credentials(gateway: Gateway) -> None:
    account = await add_account(gateway.engine)
    response = await gateway.http.get(
        "/graphql",
        params={"query": "{ viewer { sid } }"},
        headers={"Authorization": basic_auth(account.sid, account.token)},
    )
    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["sid"] == account.sid


async def test_get_query_without_credentials_is_401(gateway: Gateway) -> None:
    response = await gateway.http.get("/graphql", params={"query": "{ viewer { sid } }"})
    assert response.status_code == 401
    assert "data" not in response.json()
