"""Turn the GraphQL selection of a field into a ``SelectionTree``.

Uses graphql-core's own field collection (fragments, inline fragments, aliases and
@skip/@include with variables are handled exactly as the executor handles them).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    get_named_type,
)
from graphql.execution import VariableValues
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields

from resolvers.reads.selection import SelectionTree


def selection_of(
    info: GraphQLResolveInfo[Any], object_type: GraphQLObjectType | None = None
) -> SelectionTree:
    """The selection under the field being resolved.

    ``object_type`` names the concrete type when the field returns an interface (``node``).
    """
    return_type = object_type or _object_type(info.return_type)
    if return_type is None:
        return {}
    fragments = {name: FragmentDetails(node) for name, node in info.fragments.items()}
    details = [FieldDetails(node, None) for node in info.field_nodes]
    return _collect(info, fragments, return_type, details)


def _collect(
    info: GraphQLResolveInfo[Any],
    fragments: dict[str, FragmentDetails],
    parent_type: GraphQLObjectType,
    details: list[FieldDetails],
) -> SelectionTree:
    collected = collect_subfields(
        info.schema, fragments, _variable_values(info), info.operation, parent_type, details
    )
    by_name: dict[str, list[FieldDetails]] = {}
    for field_details in collected.grouped_field_set.values():
        name = field_details[0].node.name.value
        if not name.startswith("__"):
            by_name.setdefault(name, []).extend(field_details)
    tree: dict[str, SelectionTree] = {}
    for name, field_details in by_name.items():
        child_type = _object_type(parent_type.fields[name].type)
        tree[name] = _collect(info, fragments, child_type, field_details) if child_type else {}
    return tree


def _variable_values(info: GraphQLResolveInfo[Any]) -> VariableValues:
    """graphql-core's container: Strawberry hands resolvers the plain coerced dict instead."""
    values: Any = info.variable_values
    return values if isinstance(values, VariableValues) else VariableValues({}, values)


def _object_type(type_: GraphQLOutputType) -> GraphQLObjectType | None:
    named = get_named_type(type_)
    return named if isinstance(named, GraphQLObjectType) else None
