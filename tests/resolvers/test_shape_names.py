"""The projections and the schema agree on every name, so no field can be left unserved.

The schema's default resolver reads a dict-backed object by the Python name of the field
(``source[python_name]``); a projection writes each value under its node's ``key``. A key that
differs from the Python name, or a GraphQL field missing from the shape, is a field that
fails at runtime, so both are checked for every ObjectShape reachable from the roots.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.utils.str_converters import to_camel_case

from resolvers.accounts import reads as accounts
from resolvers.active_numbers import shape
from resolvers.reads.projection import ObjectShape
from schema.build import build_schema

ROOTS = [(shape.ACTIVE_NUMBER, "ActiveNumber"), (accounts.ACCOUNT, "Account")]

# GraphQL fields a shape does not serve because its read serves them another way.
SERVED_ELSEWHERE = {("Account", "subaccounts")}  # accounts.read_accounts, one level at a time

SCHEMA = build_schema()


def walk() -> Iterator[tuple[ObjectShape, GraphQLObjectType]]:
    """Every (shape, GraphQL object type) pair reachable from the roots."""
    pending = [(root, SCHEMA._schema.get_type(name)) for root, name in ROOTS]
    while pending:
        node, gql_type = pending.pop()
        assert isinstance(gql_type, GraphQLObjectType)
        yield node, gql_type
        for name, child in node.fields.items():
            if isinstance(child, ObjectShape) and name in gql_type.fields:
                child_type = get_named_type(gql_type.fields[name].type)
                pending.append((child, child_type))


PAIRS = list(walk())


def _python_names(type_name: str) -> dict[str, str]:
    """GraphQL field name -> the Python name the default resolver reads."""
    definition = SCHEMA.get_type_by_name(type_name)
    assert isinstance(definition, StrawberryObjectDefinition)
    converter = SCHEMA.config.name_converter
    return {converter.get_graphql_name(f): f.python_name for f in definition.fields}


def _id(pair: tuple[ObjectShape, GraphQLObjectType]) -> str:
    return f"{pair[1].name}<-{pair[0].key}"


@pytest.mark.parametrize("pair", PAIRS, ids=[_id(p) for p in PAIRS])
def test_keys_are_the_python_names_of_the_graphql_fields(
    pair: tuple[ObjectShape, GraphQLObjectType],
) -> None:
    node, gql_type = pair
    python_names = _python_names(gql_type.name)
    for name, child in node.fields.items():
        assert name in gql_type.fields, f"{gql_type.name} has no field {name!r}"
        assert to_camel_case(child.key) == name, (gql_type.name, name, child.key)
        assert child.key == python_names[name], (gql_type.name, name, child.key)


@pytest.mark.parametrize("pair", PAIRS, ids=[_id(p) for p in PAIRS])
def test_every_graphql_field_is_in_the_shape(
    pair: tuple[ObjectShape, GraphQLObjectType],
) -> None:
    node, gql_type = pair
    missing = {
        name
        for name in gql_type.fields
        if name not in node.fields and (gql_type.name, name) not in SERVED_ELSEWHERE
    }
    assert not missing, f"{gql_type.name} fields no projection serves: {sorted(missing)}"


@pytest.mark.parametrize("pair", PAIRS, ids=[_id(p) for p in PAIRS])
def test_null_objects_are_nullable_and_node_types_are_named(
    pair: tuple[ObjectShape, GraphQLObjectType],
) -> None:
    node, gql_type = pair
    if node.typename is not None:
        assert node.typename == gql_type.name
    for name, child in node.fields.items():
        if isinstance(child, ObjectShape) and child.present_when is not None:
            field_type = gql_type.fields[name].type
            assert not isinstance(field_type, GraphQLNonNull), f"{gql_type.name}.{name}"


def test_the_walk_covers_every_shape_of_the_modules() -> None:
    reached = {id(node) for node, _ in PAIRS}
    modules: list[ModuleType] = [shape, accounts]
    defined = {
        f"{module.__name__}.{name}": value
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, ObjectShape)
    }
    assert len(defined) >= 10
    unreached = [name for name, value in defined.items() if id(value) not in reached]
    assert not unreached, unreached


def test_served_elsewhere_is_still_needed() -> None:
    by_name = {gql_type.name: node for node, gql_type in PAIRS}
    for type_name, field in SERVED_ELSEWHERE:
        gql_type = SCHEMA._schema.get_type(type_name)
        assert isinstance(gql_type, GraphQLObjectType)
        assert field in gql_type.fields
        assert field not in by_name[type_name].fields
