"""A query document parsed and validated once, with what each executor needs from it.

``prepare_document`` runs graphql-core's parser and Strawberry's validation (graphql-core's
rules plus Strawberry's own, exactly what the standard executor runs). The result is what both
executors receive: the compiled path reads it and keeps its plans on it; the standard path gets
it through ``schema.compiled.prepared``, so Strawberry parses and validates nothing again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

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

if TYPE_CHECKING:
    from schema.compiled.plan import Plan

K = TypeVar("K")
V = TypeVar("V")

PLANS_PER_DOCUMENT = 16  # one per operation and values of the @skip/@include variables
# graphql-core's rules; Strawberry adds its own in validate_document (as its executor does).
VALIDATION_RULES = tuple(specified_rules)


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
        self.put(key, value)
        return value

    def find(self, key: K) -> V | None:
        """The cached value, or None (nothing is made)."""
        items = self._items
        if key in items:
            items.move_to_end(key)
            return items[key]
        return None

    def put(self, key: K, value: V) -> None:
        items = self._items
        items[key] = value
        items.move_to_end(key)
        if len(items) > self.size:
            items.popitem(last=False)


PlanKey = tuple[str | None, tuple[Any, ...]]  # operation name, @skip/@include switch values


@dataclass(frozen=True)
class Document:
    """One query text: its parsed node and its errors (the syntax error when it does not
    parse, else the validation errors), and what plans are made of."""

    text: str
    node: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    directive_variables: tuple[str, ...] = ()  # read by @skip/@include: part of a plan's key
    plans: Lru[PlanKey, Plan | None] = field(default_factory=lambda: Lru(PLANS_PER_DOCUMENT))

    @property
    def valid(self) -> bool:
        return self.node is not None and not self.errors


def prepare_document(
    schema: GraphQLSchema, text: str, *, max_tokens: int | None = None
) -> Document:
    """Parse (at most ``max_tokens`` tokens) and validate ``text``, once."""
    try:
        node = parse_document(text, max_tokens=max_tokens)
    except GraphQLError as error:
        return Document(text, None, (error,))
    errors = validate_document(schema, node, VALIDATION_RULES)
    if errors:
        return Document(text, node, tuple(errors))
    fragments = {
        definition.name.value: definition
        for definition in node.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    return Document(text, node, (), fragments, _directive_variables(node))


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
