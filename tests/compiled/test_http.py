"""Over HTTP: the compiled path serves eligible reads with the standard path's body."""

from __future__ import annotations

import orjson

from gateway.graphql_endpoint import EXECUTOR_HEADER
from tests.compiled.conftest import Seeded
from tests.support.client import Gateway
from tests.support.queries import ACTIVE_NUMBERS_FULL_TREE


async def test_compiled_body_is_the_standard_body(gateway: Gateway, seeded: Seeded) -> None:
    variables = {"first": 20}
    response = await gateway.post(ACTIVE_NUMBERS_FULL_TREE, variables)
    assert response.status_code == 200
    assert response.headers[EXECUTOR_HEADER] == "compiled"
    body = orjson.loads(response.content)
    assert body.pop("extensions")["cost"]["requestedQueryCost"] > 0  # gateway.protection
    standard = await seeded.both.standard_json(ACTIVE_NUMBERS_FULL_TREE, variables)
    assert orjson.dumps(body) == standard  # byte-identical, key order too


async def test_ineligible_queries_are_served_by_standard(gateway: Gateway, seeded: Seeded) -> None:
    for query in (
        "{ viewer { transactions { totalCount } } }",
        "{ numberEvents { nodes { node { id } } } }",
    ):
        response = await gateway.post(query)
        assert response.status_code == 200, response.text
        assert response.headers[EXECUTOR_HEADER] == "standard"
        assert "errors" not in response.json()


async def test_errors_keep_the_standard_format(gateway: Gateway, seeded: Seeded) -> None:
    query = '{ activeNumber(sid: "PN1", phoneNumber: "+14155550100") { sid } }'
    response = await gateway.post(query)
    assert response.headers[EXECUTOR_HEADER] == "compiled"  # it answers its errors itself
    body = orjson.loads(response.content)
    assert body["errors"][0]["path"] == ["activeNumber"]
    assert body["data"] == {"activeNumber": None}
    del body["extensions"]
    assert orjson.dumps(body) == orjson.dumps(await seeded.both.standard_body(query))


async def test_get_queries_use_the_compiled_path(gateway: Gateway, seeded: Seeded) -> None:
    response = await gateway.http.get(
        "/graphql",
        params={"query": "{ viewer { sid } }"},
        headers={"Authorization": gateway.auth or "", "Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.headers[EXECUTOR_HEADER] == "compiled"
    body = response.json()
    assert "cost" in body.pop("extensions")
    assert body == {"data": {"viewer": {"sid": seeded.account_sid}}}
