"""Turn the GraphQL selection of a field into a ``SelectionTree``, once per document.

Uses graphql-core's own field collection (fragments, inline fragments, aliases and
@skip/@include with variables are handled exactly as the executor handles them).

The tree depends only on the document (the field's nodes, the operation, its fragments), the
concrete type and the values of the variables that directives read, never on the other
variables' values, the caller or the time. Collecting it costs about as much as the SQL of a
small page, and the same documents come again and again, so trees are kept in a bounded LRU
keyed by exactly those inputs (``selection_of``). Each kept entry holds the nodes its key names
by ``id``, so no id in a live key can be reused by another object.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DirectiveNode,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Node,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from graphql.execution import VariableValues
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_subfields

from resolvers.reads.selection import SelectionTree
from schema.compiled.documents import Lru

KEPT_TREES = 1024  # distinct (field of a document, type, directive switches)
KEPT_OPERATIONS = 256  # the directive variables of each distinct operation

_Key = tuple[Any, ...]
_trees: Lru[_Key, tuple[SelectionTree, tuple[Any, ...]]] = Lru(KEPT_TREES)
_switches: Lru[int, tuple[OperationDefinitionNode, tuple[str, ...]]] = Lru(KEPT_OPERATIONS)


def selection_of(
    info: GraphQLResolveInfo[Any], object_type: GraphQLObjectType | None = None
) -> SelectionTree:
    """The selection under the field being resolved (kept per document: see the module).

    ``object_type`` names the concrete type when the field returns an interface (``node``).
    """
    return_type = object_type or _object_type(info.return_type)
    if return_type is None:
        return {}
    values = _variable_values(info)
    switches = tuple(values.coerced.get(name) for name in _directive_variables(info))
    nodes = info.field_nodes
    key = (*map(id, nodes), id(info.operation), return_type.name, switches)
    try:
        found = _trees.find(key)
    except TypeError:  # a directive argument's value is not hashable: collect it every time
        return collect_selection(info, return_type)
    if found is None:
        found = (collect_selection(info, return_type), (*nodes, info.operation))
        _trees.put(key, found)
    return found[0]


def collect_selection(
    info: GraphQLResolveInfo[Any], return_type: GraphQLObjectType
) -> SelectionTree:
    """The selection under the field being resolved, collected now."""
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


def _directive_variables(info: GraphQLResolveInfo[Any]) -> tuple[str, ...]:
    """The variables any directive of the operation or its fragments reads (@skip/@include):
    the only variables a selection depends on."""
    operation = info.operation
    found = _switches.find(id(operation))
    if found is None or found[0] is not operation:
        names: set[str] = set()
        for node in (operation, *info.fragments.values()):
            names |= _DirectiveVariables.of(node)
        found = (operation, tuple(sorted(names)))
        _switches.put(id(operation), found)
    return found[1]


class _DirectiveVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    @classmethod
    def of(cls, node: Node) -> set[str]:
        visitor = cls()
        visit(node, visitor)
        return visitor.names

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        for argument in node.arguments or ():
            if isinstance(argument.value, VariableNode):
                self.names.add(argument.value.name.value)


def _variable_values(info: GraphQLResolveInfo[Any]) -> VariableValues:
    """graphql-core's container: Strawberry hands resolvers the plain coerced dict instead."""
    values: Any = info.variable_values
    return values if isinstance(values, VariableValues) else VariableValues({}, values)


def _object_type(type_: GraphQLOutputType) -> GraphQLObjectType | None:
    named = get_named_type(type_)
    return named if isinstance(named, GraphQLObjectType) else None
