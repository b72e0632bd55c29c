"""Apollo's automatic persisted queries over POST and GET: a miss answers
PERSISTED_QUERY_NOT_FOUND with HTTP 200, the query sent with its hash is stored in the database
(so another gateway process serves it), a wrong hash is 400, and the store is bounded."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from resolvers.core.tables import persisted_documents
from tests.persisted.support import VIEWER, code_of, hash_of, send
from tests.protection.support import gateway_with
from tests.support.client import Gateway
from tests.support.numbers import sign_in

NEW = "application/graphql-response+json"


def database_url_of(gateway: Gateway) -> str:
    return gateway.engine.url.render_as_string(hide_password=False)


async def stored_count(gateway: Gateway) -> int:
    async with gateway.engine.connect() as conn:
        count = await conn.scalar(select(func.count()).select_from(persisted_documents))
    return int(count or 0)


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_miss_then_the_query_then_a_hit_from_another_process(
    gateway: Gateway, method: str
) -> None:
    caller = await sign_in(gateway)
    sha256 = hash_of(VIEWER)
    miss = await send(gateway, method, sha256=sha256, headers={"Accept": NEW})
    assert miss.status_code == 200, miss.text
    assert code_of(miss) == "PERSISTED_QUERY_NOT_FOUND"
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    registered = await send(gateway, method, query=VIEWER, sha256=sha256)
    assert registered.status_code == 200, registered.text
    assert registered.json()["data"] == {"viewer": {"sid": caller.sid}}
    async with gateway_with(database_url_of(gateway)) as other_process:
        other_process.auth = gateway.auth
        hit = await send(other_process, method, sha256=sha256)
    assert hit.status_code == 200, hit.text
    assert hit.json()["data"] == {"viewer": {"sid": caller.sid}}
    assert "errors" not in hit.json()
    assert hit.headers["X-Gateway-Executor"] == "compiled"  # the same pipeline as any query


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_hash_that_is_not_the_querys_is_400_and_stores_nothing(
    gateway: Gateway, method: str
) -> None:
    await sign_in(gateway)
    response = await send(gateway, method, query=VIEWER, sha256=hash_of("{ __typename }"))
    assert response.status_code == 400, response.text
    assert code_of(response) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert await stored_count(gateway) == 0


async def test_an_unsupported_version_is_400(gateway: Gateway) -> None:
    await sign_in(gateway)
    body = {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": hash_of(VIEWER)}}}
    response = await gateway.http.post(
        "/graphql", json=body, headers={"Authorization": gateway.auth or ""}
    )
    assert response.status_code == 400, response.text
    assert code_of(response) == "PERSISTED_QUERY_INVALID"


async def test_a_document_that_does_not_validate_is_never_stored(gateway: Gateway) -> None:
    await sign_in(gateway)
    invalid = "{ viewer { noSuchField } }"
    response = await send(gateway, "POST", query=invalid, sha256=hash_of(invalid))
    assert response.json()["errors"]
    assert await stored_count(gateway) == 0
    again = await send(gateway, "POST", sha256=hash_of(invalid))
    assert code_of(again) == "PERSISTED_QUERY_NOT_FOUND"


async def test_the_store_keeps_the_newest_documents_up_to_its_bound(gateway: Gateway) -> None:
    queries = [f"query Q{n} {{ viewer {{ sid }} }}" for n in range(4)]
    async with gateway_with(database_url_of(gateway), persisted_queries_max=2) as bounded:
        await sign_in(bounded)
        for query in queries:
            response = await send(bounded, "POST", query=query, sha256=hash_of(query))
            assert response.status_code == 200, response.text
        assert await stored_count(bounded) == 2
    async with gateway_with(database_url_of(gateway), persisted_queries_max=2) as fresh:
        fresh.auth = bounded.auth
        oldest = await send(fresh, "POST", sha256=hash_of(queries[0]))
        newest = await send(fresh, "POST", sha256=hash_of(queries[-1]))
    assert code_of(oldest) == "PERSISTED_QUERY_NOT_FOUND"
    assert newest.json()["data"]["viewer"]["sid"]
