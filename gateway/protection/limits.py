"""Document limits checked before a query runs: tokens, depth, aliases, introspection.

Depth counts nested fields (a root field is depth 1; fragments are expanded). The subtrees of
``__schema`` and ``__type`` may go as deep as the standard introspection query needs
(GraphiQL's, whose ``TypeRef`` nests ``ofType`` nine times) even when ``max_depth`` is lower;
they still count toward the aliases and tokens limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
INTROSPECTION_DEPTH = 16  # the standard introspection query needs 14

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    introspection: bool = True


def limit_error(message: str, code: str, **extra: object) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **extra})


def token_error(limits: Limits) -> GraphQLError:
    return limit_error(
        f"the query has more than {limits.max_tokens} tokens (the limit); split it up",
        QUERY_TOO_COMPLEX,
        limit=limits.max_tokens,
    )


def check_document(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """Errors for every limit a validated document breaks (empty when it is fine)."""
    fragments = {
        node.name.value: node
        for node in document.definitions
        if isinstance(node, FragmentDefinitionNode)
    }
    walker = _Walker(fragments)
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            walker.measure_operation(operation.selection_set)
    errors: list[GraphQLError] = []
    if not limits.introspection and walker.introspection:
        errors.append(
            limit_error(
                "introspection is disabled on this server (__typename is still allowed)",
                INTROSPECTION_DISABLED,
            )
        )
    if walker.depth > limits.max_depth:
        errors.append(
            limit_error(
                f"the query is {walker.depth} fields deep; the limit is {limits.max_depth}",
                QUERY_TOO_DEEP,
                depth=walker.depth,
                limit=limits.max_depth,
            )
        )
    if walker.introspection_depth > max(limits.max_depth, INTROSPECTION_DEPTH):
        errors.append(
            limit_error(
                f"the introspection query is {walker.introspection_depth} fields deep; "
                f"the limit is {INTROSPECTION_DEPTH}",
                QUERY_TOO_DEEP,
                depth=walker.introspection_depth,
                limit=INTROSPECTION_DEPTH,
            )
        )
    aliases = _count_aliases(document)
    if aliases > limits.max_aliases:
        errors.append(
            limit_error(
                f"the query uses {aliases} aliases; the limit is {limits.max_aliases}",
                QUERY_TOO_COMPLEX,
                aliases=aliases,
                limit=limits.max_aliases,
            )
        )
    return errors


class _Walker:
    """The deepest field path of the document, with fragments expanded. Each fragment is
    measured once (memoized), so a chain of fragments spreading each other twice costs linear
    time, not exponential."""

    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.depth = 0
        self.introspection_depth = 0
        self.introspection = False
        self._memo: dict[tuple[str, bool], tuple[int, int]] = {}

    def measure_operation(self, selection_set: SelectionSetNode) -> None:
        depth, introspection_depth = self._measure(selection_set, False, frozenset())
        self.depth = max(self.depth, depth)
        self.introspection_depth = max(self.introspection_depth, introspection_depth)
        self.introspection = self.introspection or introspection_depth > 0

    def _measure(
        self, selection_set: SelectionSetNode, inside: bool, seen: frozenset[str]
    ) -> tuple[int, int]:
        """(plain depth, introspection depth) of a selection set, in levels below it."""
        depth = introspection_depth = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                found = self._field(selection, inside, seen)
            elif isinstance(selection, InlineFragmentNode):
                found = self._measure(selection.selection_set, inside, seen)
            elif isinstance(selection, FragmentSpreadNode):
                found = self._fragment(selection.name.value, inside, seen)
            depth, introspection_depth = max(depth, found[0]), max(introspection_depth, found[1])
        return depth, introspection_depth

    def _field(self, field: FieldNode, inside: bool, seen: frozenset[str]) -> tuple[int, int]:
        inside = inside or field.name.value in INTROSPECTION_ROOTS
        below = (0, 0)
        if field.selection_set is not None:
            below = self._measure(field.selection_set, inside, seen)
        if inside:
            return 0, 1 + max(below)
        return 1 + below[0], (1 + below[1]) if below[1] else 0

    def _fragment(self, name: str, inside: bool, seen: frozenset[str]) -> tuple[int, int]:
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:
            return 0, 0
        key = (name, inside)
        if key not in self._memo:
            self._memo[key] = self._measure(fragment.selection_set, inside, seen | {name})
        return self._memo[key]


def _count_aliases(document: DocumentNode) -> int:
    """Aliases as written in the document (a fragment's count once, however often spread)."""
    count = 0
    stack: list[SelectionSetNode] = [
        node.selection_set
        for node in document.definitions
        if isinstance(node, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode) and selection.alias is not None:
                count += 1
            if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                stack.append(selection.selection_set)
    return count
