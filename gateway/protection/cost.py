"""The query cost model, in the style of Shopify's GraphQL Admin API.

    object field            1      (a field whose type is an object, interface or union)
    connection field        2 + n  (n = first, or last, or 50; clamped to 0..1000) and
                                   everything selected inside its nodes/edges counts n times
    scalar or enum field    0
    mutation root field     10     (plus its payload's object fields)
    introspection subtree   0      (__schema / __type: bounded by the depth limit instead)

The *requested* cost is computed from the document and the variables before anything runs; the
*actual* cost uses the number of items each connection really returned; a root field that
returned null or an empty list costs nothing, and below a returned object a subtree without
connections costs what was requested (so only paths leading to connections are walked).
A connection's own wrappers (``edges``, ``node``, ``nodes``, ``pageInfo``) are covered by its
``2 + n``. Fields selected twice under one response key (fragments) count once;
@skip/@include are ignored, so the requested cost is an upper bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from resolvers.reads.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

OBJECT_COST = 1
CONNECTION_COST = 2
MUTATION_COST = 10
WRAPPER_FIELDS = frozenset({"pageInfo"})
INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})

CompositeType = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


@dataclass(frozen=True)
class PageSize:
    """A connection's ``first``/``last``: a literal, a variable (with its default) or absent."""

    literal: int | None = None
    variable: str | None = None
    default: int = DEFAULT_PAGE_SIZE

    def value(self, variables: Mapping[str, Any]) -> int:
        found: Any = self.literal
        if self.variable is not None:
            found = variables.get(self.variable)
        if not isinstance(found, int) or isinstance(found, bool):
            found = self.default
        size: int = max(0, min(found, MAX_PAGE_SIZE))
        return size


@dataclass(frozen=True)
class ItemPath:
    """Where a connection's items sit in the response: ``(nodes,)`` or ``(edges, node)``."""

    keys: tuple[str, ...]
    children: tuple[FieldCost, ...]


@dataclass(frozen=True)
class FieldCost:
    key: str  # the response key (alias or name)
    name: str  # the schema field's name
    own: int
    children: tuple[FieldCost, ...] = ()  # counted once
    page: PageSize | None = None  # set for connections
    items: tuple[ItemPath, ...] = ()  # counted page-size times

    def requested(self, variables: Mapping[str, Any]) -> int:
        if not self.has_connection:
            return self.static_cost
        cost = self.own + sum(child.requested(variables) for child in self.children)
        if self.page is not None:
            size = self.page.value(variables)
            per_item = sum(
                child.requested(variables) for path in self.items for child in path.children
            )
            cost += size + size * per_item
        return cost

    @cached_property
    def static_cost(self) -> int:
        """The cost of a subtree without connections (it needs no variables)."""
        return self.own + sum(child.static_cost for child in self.children)

    @cached_property
    def has_connection(self) -> bool:
        """Whether a connection sits at or below this field (else its cost is static)."""
        return self.page is not None or any(child.has_connection for child in self.children)

    def actual(self, value: Any, variables: Mapping[str, Any]) -> int:
        """The cost of what this field returned (``value`` is its part of ``data``): its
        connections count the items they returned instead of their page size; a null or an
        empty list costs nothing; a subtree without connections costs what was requested."""
        if value is None or value == []:
            return 0
        if not self.has_connection:
            return self.requested(variables)
        if isinstance(value, list):
            return min(self.requested(variables), sum(self.actual(v, variables) for v in value))
        if not isinstance(value, dict):
            return self.requested(variables)
        cost = self.own + sum(
            child.actual(value.get(child.key), variables) for child in self.children
        )
        if self.page is not None:
            counted = 0
            for path in self.items:
                found = value.get(path.keys[0])
                returned = len(found) if isinstance(found, list) else 0
                counted = max(counted, returned)
                if any(child.has_connection for child in path.children):
                    cost += sum(
                        child.actual(item.get(child.key), variables)
                        for item in _items_at(value, path.keys)
                        for child in path.children
                    )
                else:
                    cost += returned * sum(child.static_cost for child in path.children)
            cost += counted
        return cost


def _items_at(value: dict[str, Any], keys: tuple[str, ...]) -> Iterable[dict[str, Any]]:
    found = value.get(keys[0])
    if not isinstance(found, list):
        return
    for item in found:
        if len(keys) > 1 and isinstance(item, dict):
            item = item.get(keys[1])
        if isinstance(item, dict):
            yield item


@dataclass(frozen=True)
class OperationCost:
    fields: tuple[FieldCost, ...]

    def requested(self, variables: Mapping[str, Any] | None) -> int:
        return sum(field.requested(variables or {}) for field in self.fields)

    def actual(self, data: Mapping[str, Any] | None, variables: Mapping[str, Any] | None) -> int:
        if data is None:
            return 0
        values = variables or {}
        return sum(field.actual(data.get(field.key), values) for field in self.fields)


def operation_cost(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    operation: OperationDefinitionNode,
) -> OperationCost:
    """The cost tree of a validated operation."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return OperationCost(())
    builder = _Builder(schema, fragments, _variable_defaults(operation))
    fields = builder.fields(root, [operation.selection_set])
    if operation.operation is OperationType.MUTATION:
        fields = tuple(_as_mutation(field) for field in fields)
    return OperationCost(fields)


def _as_mutation(field: FieldCost) -> FieldCost:
    return FieldCost(field.key, field.name, MUTATION_COST, field.children, field.page, field.items)


def _variable_defaults(operation: OperationDefinitionNode) -> dict[str, int]:
    defaults: dict[str, int] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            defaults[definition.variable.name.value] = int(definition.default_value.value)
    return defaults


class _Builder:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        defaults: dict[str, int],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.defaults = defaults

    def fields(
        self, parent: CompositeType, selection_sets: list[SelectionSetNode]
    ) -> tuple[FieldCost, ...]:
        grouped: dict[str, tuple[CompositeType, list[FieldNode]]] = {}
        for owner, node in self._collect(parent, selection_sets):
            key = node.alias.value if node.alias else node.name.value
            grouped.setdefault(key, (owner, []))[1].append(node)
        built = (self._field(key, owner, nodes) for key, (owner, nodes) in grouped.items())
        return tuple(field for field in built if field is not None)

    def _collect(
        self, parent: CompositeType, selection_sets: list[SelectionSetNode]
    ) -> Iterable[tuple[CompositeType, FieldNode]]:
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    yield parent, selection
                elif isinstance(selection, InlineFragmentNode):
                    yield from self._collect(
                        self._condition(parent, selection.type_condition),
                        [selection.selection_set],
                    )
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is not None:
                        owner = self._condition(parent, fragment.type_condition)
                        yield from self._collect(owner, [fragment.selection_set])

    def _condition(self, parent: CompositeType, condition: Any) -> CompositeType:
        if condition is None:
            return parent
        found = self.schema.get_type(condition.name.value)
        return found if isinstance(found, CompositeType) else parent

    def _field(self, key: str, owner: CompositeType, nodes: list[FieldNode]) -> FieldCost | None:
        name = nodes[0].name.value
        if name in INTROSPECTION_FIELDS or isinstance(owner, GraphQLUnionType):
            return None
        definition = owner.fields.get(name)
        if definition is None:
            return None
        child_type = get_named_type(definition.type)
        if not isinstance(child_type, CompositeType):
            return None
        subsets = [node.selection_set for node in nodes if node.selection_set is not None]
        if not isinstance(child_type, GraphQLUnionType) and _is_connection(child_type):
            return self._connection(key, name, child_type, nodes[0], subsets)
        return FieldCost(key, name, OBJECT_COST, self.fields(child_type, subsets))

    def _connection(
        self,
        key: str,
        name: str,
        connection: GraphQLObjectType | GraphQLInterfaceType,
        node: FieldNode,
        subsets: list[SelectionSetNode],
    ) -> FieldCost:
        children: list[FieldCost] = []
        items: list[ItemPath] = []
        for child in self.fields(connection, subsets):
            if child.name == "nodes":
                items.append(ItemPath((child.key,), child.children))
            elif child.name == "edges":
                for edge_child in child.children:
                    items.append(ItemPath((child.key, edge_child.key), edge_child.children))
            elif child.name not in WRAPPER_FIELDS:
                children.append(child)
        page = self._page(node)
        return FieldCost(key, name, CONNECTION_COST, tuple(children), page, tuple(items))

    def _page(self, node: FieldNode) -> PageSize:
        arguments = {argument.name.value: argument.value for argument in node.arguments or ()}
        value = arguments.get("first", arguments.get("last"))
        if isinstance(value, IntValueNode):
            return PageSize(literal=int(value.value))
        if isinstance(value, VariableNode):
            name = value.name.value
            return PageSize(variable=name, default=self.defaults.get(name, DEFAULT_PAGE_SIZE))
        return PageSize()


def _is_connection(type_: CompositeType) -> bool:
    if isinstance(type_, GraphQLUnionType):
        return False
    names = type_.fields
    return "pageInfo" in names and ("edges" in names or "nodes" in names)
