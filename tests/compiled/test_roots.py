"""Differential, root by root: each compiled root writes the standard executor's JSON, and the
HTTP endpoint says it served the query compiled."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from gateway.graphql_endpoint import EXECUTOR_HEADER
from tests.compiled.conftest import Seeded
from tests.schema.test_available_numbers import FULL_TREE as AVAILABLE_FULL_TREE
from tests.schema.test_available_numbers import RICH
from tests.support.catalog import add_numbers_for_sale
from tests.support.client import Gateway

US = {"isoCountry": "US"}

AVAILABLE_PAGE = """
query Page($search: AvailableNumberSearch!, $first: Int, $after: String) {
  availableNumbers(search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { phoneNumber type __typename } }
    nodes { pn: phoneNumber pricing { monthlyFee { amount } } }
    __typename
  }
}
"""

AVAILABLE: dict[str, tuple[str, dict[str, Any]]] = {
    "full tree": (AVAILABLE_FULL_TREE, {"search": US}),
    "contains": (AVAILABLE_PAGE, {"search": {**US, "contains": "*0304"}, "first": 5}),
    "page": (AVAILABLE_PAGE, {"search": US, "first": 3}),
    "toll free": (AVAILABLE_FULL_TREE, {"search": {**US, "type": "TOLLFREE"}}),
}


async def _catalog(gateway: Gateway) -> None:
    numbers: dict[str, dict[str, Any]] = {"+18885550177": RICH}
    numbers.update({f"+1650555{index:04}": {} for index in range(300, 312)})
    await add_numbers_for_sale(gateway.engine, numbers)


@pytest.mark.parametrize("shape", sorted(AVAILABLE))
async def test_available_numbers(gateway: Gateway, seeded: Seeded, shape: str) -> None:
    await _catalog(gateway)
    query, variables = AVAILABLE[shape]
    data = await seeded.both.same(query, variables)
    assert data["availableNumbers"]  # a real answer, not an empty root


async def test_available_numbers_next_page(gateway: Gateway, seeded: Seeded) -> None:
    await _catalog(gateway)
    first = await seeded.both.same(AVAILABLE_PAGE, {"search": US, "first": 4})
    after = first["availableNumbers"]["pageInfo"]["endCursor"]
    second = await seeded.both.same(AVAILABLE_PAGE, {"search": US, "first": 4, "after": after})
    assert second["availableNumbers"]["nodes"] != first["availableNumbers"]["nodes"]


async def _served_compiled(gateway: Gateway, seeded: Seeded, query: str, variables: Any) -> None:
    response = await gateway.post(query, variables)
    assert response.status_code == 200, response.text
    assert response.headers[EXECUTOR_HEADER] == "compiled"
    body = orjson.loads(response.content)
    del body["extensions"]
    assert orjson.dumps(body) == orjson.dumps(await seeded.both.standard_body(query, variables))


async def test_available_numbers_over_http(gateway: Gateway, seeded: Seeded) -> None:
    await _catalog(gateway)
    await _served_compiled(gateway, seeded, *AVAILABLE["contains"])


async def test_available_numbers_bad_search_keeps_its_error(
    gateway: Gateway, seeded: Seeded
) -> None:
    query, _ = AVAILABLE["contains"]
    variables = {"search": {"isoCountry": "XX"}, "first": 5}
    compiled = await seeded.both.compiled_body(query, variables)
    assert compiled is not None
    assert compiled["errors"]
    assert compiled == await seeded.both.standard_body(query, variables)
