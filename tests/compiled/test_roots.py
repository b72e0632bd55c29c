"""Differential, root by root: each compiled root writes the standard executor's JSON, and the
HTTP endpoint says it served the query compiled."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, is_non_null_type

from gateway.graphql_endpoint import EXECUTOR_HEADER
from schema.compiled.plan import EXCLUDED_FIELDS
from tests.compiled.conftest import Busy, Seeded
from tests.compiled.support import shared_schema
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


def plain_tree(type_name: str, depth: int = 0) -> str:
    """Every field of ``type_name`` the compiled writer can serve (schema-default resolvers,
    no required arguments, no interfaces, none of the excluded fields), to a depth of four."""
    type_ = _object(type_name)
    parts = ["__typename"]
    for name, field in type_.fields.items():
        required = any(is_non_null_type(arg.type) for arg in field.args.values())
        excluded = (type_name, name) in EXCLUDED_FIELDS
        if excluded or required or not getattr(field.resolve, "_is_default", False):
            continue
        child = get_named_type(field.type)
        if is_leaf_type(child):
            parts.append(name)
        elif isinstance(child, GraphQLObjectType) and depth < 4:
            parts.append(f"{name} {{ {plain_tree(child.name, depth + 1)} }}")
    return " ".join(parts)


def _object(type_name: str) -> GraphQLObjectType:
    found = shared_schema()._schema.get_type(type_name)
    assert isinstance(found, GraphQLObjectType)
    return found


def root_query(root: str, arguments: str = "") -> str:
    """The whole plain tree of a root field, as one query."""
    query_type = shared_schema()._schema.query_type
    assert query_type is not None
    returned = get_named_type(query_type.fields[root].type)
    return f"{{ {root}{arguments} {{ {plain_tree(returned.name)} }} }}"


# Each compiled root with the arguments it is read with; every one must find rows.
ROOTS: dict[str, tuple[str, ...]] = {
    "releasedNumbers": ("", "(includeExpired: true)"),
    "messagingServices": ("",),
    "hostedNumberOrders": ("",),
    "authorizationDocuments": ("",),
    "numberEvents": ("", "(first: 3)"),
    "addresses": ("",),
    "availableCountries": ("",),
    "pricing": ('(isoCountry: "US")',),
    "lookup": ('(phoneNumber: "+16282000001")', '(phoneNumber: "+442071838750")'),
    "numberOrders": ("", "(first: 1)", "(status: [COMPLETED])"),
}


@pytest.mark.parametrize(
    ("root", "arguments"),
    [(root, arguments) for root, variants in ROOTS.items() for arguments in variants],
)
async def test_root_whole_tree(busy: Busy, root: str, arguments: str) -> None:
    query = root_query(root, arguments)
    data = await busy.both.same(query)
    found = data[root]
    assert found.get("nodes", found) if isinstance(found, dict) else found  # rows were read
    response = await busy.gateway.post(query, auth=busy.caller.auth)
    assert response.status_code == 200, response.text
    assert response.headers[EXECUTOR_HEADER] == "compiled"


async def test_lookup_of_an_invalid_number_keeps_its_error(busy: Busy) -> None:
    query = root_query("lookup", '(phoneNumber: "12")')
    standard = await busy.both.standard_body(query)
    compiled = await busy.both.compiled_body(query)
    assert standard["errors"]
    assert compiled is not None
    assert orjson.dumps(compiled) == orjson.dumps(standard)
