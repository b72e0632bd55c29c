"""Differential, root by root, over the whole plain tree of each compiled root: each writes the
standard executor's JSON, and the HTTP endpoint says it served the query compiled.

The tests only read, so one account after every mutation (``busy``) is set up once per backend
for the module, not once per test (every mutation takes seconds on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
import pytest
import pytest_asyncio
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, is_non_null_type

from gateway.graphql_endpoint import EXECUTOR_HEADER
from schema.compiled.plan import EXCLUDED_FIELDS
from tests.compiled.support import Both, both_for, shared_schema
from tests.support.client import Gateway
from tests.support.every_mutation import new_scene, successful_calls
from tests.support.numbers import Caller

pytestmark = pytest.mark.asyncio(loop_scope="module")


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


@dataclass(frozen=True)
class Busy:
    both: Both
    gateway: Gateway
    caller: Caller


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def busy(module_gateway: Gateway) -> Busy:
    """An account after every mutation once: released numbers, a hosted order and its
    authorization document, messaging services, addresses and their events."""
    gateway = module_gateway
    scene = await new_scene(gateway)
    for _, step in successful_calls():
        await step(scene)
    released = await scene.call("releasePhoneNumber", {"sid": scene.numbers[1]})
    assert released["userErrors"] == []
    return Busy(await both_for(gateway, scene.parent), gateway, scene.parent)


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
