"""Body size limit, GET never runs mutations, CORS for configured origins, GraphiQL switch."""

from __future__ import annotations

from collections.abc import AsyncIterator

from resolvers.core.tables import accounts
from tests.protection.support import error_of, gateway_with
from tests.support.client import Gateway
from tests.support.numbers import sign_in

FRONTEND = "https://app.example.com"


def database_url_of(gateway: Gateway) -> str:
    return gateway.engine.url.render_as_string(hide_password=False)


async def test_a_body_above_the_limit_is_413(gateway: Gateway) -> None:
    await sign_in(gateway)
    async with gateway_with(database_url_of(gateway), max_body_bytes=1000) as small:
        small.auth = gateway.auth
        padding = " " * 900
        assert (await small.post("{ viewer { sid } }" + padding)).status_code == 200
        response = await small.post("{ viewer { sid } }" + padding + " " * 100)
        assert response.status_code == 413
        assert response.json() == {
            "errors": [
                {
                    "message": "the request body is larger than 1000 bytes",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE", "limit": 1000},
                }
            ]
        }


async def test_a_streamed_body_without_length_is_limited_too(gateway: Gateway) -> None:
    await sign_in(gateway)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer { sid } }", "x": "'
        for _ in range(20):
            yield b"a" * 100
        yield b'"}'

    async with gateway_with(database_url_of(gateway), max_body_bytes=1000) as small:
        response = await small.http.post(
            "/graphql",
            content=chunks(),
            headers={"Authorization": gateway.auth or "", "Content-Type": "application/json"},
        )
        assert "content-length" not in response.request.headers
        assert response.status_code == 413


async def test_get_never_runs_a_mutation(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    mutation = 'mutation { addFunds(input: {amount: "5.00"}) { userErrors { code } } }'
    response = await gateway.http.get(
        "/graphql",
        params={"query": mutation},
        headers={"Authorization": gateway.auth or "", "Accept": "application/json"},
    )
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    error = error_of(response)
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert "send it with POST" in error["message"]
    async with gateway.engine.connect() as conn:
        balance = (
            await conn.execute(
                accounts.select()
                .with_only_columns(accounts.c.balance_minor)
                .where(accounts.c.sid == caller.sid)
            )
        ).scalar_one()
    assert balance == 100_000  # unchanged


async def test_cors_preflight_for_a_configured_origin(gateway: Gateway) -> None:
    async with gateway_with(
        database_url_of(gateway), cors_origins=f"{FRONTEND}, https://x.example"
    ) as app:
        preflight = {
            "Origin": FRONTEND,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        }
        response = await app.http.options("/graphql", headers=preflight)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == FRONTEND
        assert "POST" in response.headers["access-control-allow-methods"]
        assert "authorization" in response.headers["access-control-allow-headers"].lower()
        refused = await app.http.options(
            "/graphql", headers={**preflight, "Origin": "https://evil.example"}
        )
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers
        simple = await app.http.post(
            "/graphql", json={"query": "{ viewer { sid } }"}, headers={"Origin": FRONTEND}
        )
        assert simple.status_code == 401  # no credentials, but the browser may read why
        assert simple.headers["access-control-allow-origin"] == FRONTEND


async def test_no_cors_headers_without_configured_origins(gateway: Gateway) -> None:
    response = await gateway.http.post(
        "/graphql", json={"query": "{ viewer { sid } }"}, headers={"Origin": FRONTEND}
    )
    assert "access-control-allow-origin" not in response.headers


async def test_graphiql_can_be_switched_off(gateway: Gateway) -> None:
    async with gateway_with(database_url_of(gateway), graphiql=False) as app:
        response = await app.http.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in response.text.lower()
        assert response.status_code in (400, 401, 404)
