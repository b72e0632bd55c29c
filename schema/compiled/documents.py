"""Parsed and validated documents, cached by their text (the standard path's rules)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from graphql import (
    DirectiveNode,
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    VariableNode,
    Visitor,
    specified_rules,
    visit,
)
from graphql import parse as parse_document
from strawberry.schema.schema import validate_document

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A small least-recently-used cache (no locking: one event loop per process)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, make: Callable[[], V]) -> V:
        items = self._items
        if key in items:
            items.move_to_end(key)
            return items[key]
        value = make()
        items[key] = value
        if len(items) > self.size:
            items.popitem(last=False)
        return value


@dataclass(frozen=True)
class Document:
    node: DocumentNode
    fragments: dict[str, FragmentDefinitionNode]
    directive_variables: tuple[str, ...]  # read by @skip/@include: part of the plan's key


def parse_and_validate(schema: GraphQLSchema, text: str) -> Document | None:
    """The document when it parses and validates exactly as the standard path requires."""
    try:
        node = parse_document(text)
    except GraphQLError:
        return None
    if validate_document(schema, node, tuple(specified_rules)):
        return None
    fragments = {
        definition.name.value: definition
        for definition in node.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    return Document(node, fragments, _directive_variables(node))


class _DirectiveVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        for argument in node.arguments or ():
            if isinstance(argument.value, VariableNode):
                self.names.add(argument.value.name.value)


def _directive_variables(node: DocumentNode) -> tuple[str, ...]:
    visitor = _DirectiveVariables()
    visit(node, visitor)
    return tuple(sorted(visitor.names))
