"""Each distinct query text analysed once: the one cache every transport reads.

An ``Analysis`` holds the prepared document (parsed with the token limit and validated, see
``schema.compiled.documents``; the compiled plans live on it too), the document limits it
breaks, whether a string literal holds a NUL, and the cost tree of each operation (built when
first asked for). HTTP (POST and GET) and WebSocket subscribe messages look their text up
here; the executors receive ``analysis.document``. A document that does not parse or validate
gets no limit check and no cost: the executor reports its errors as it always has.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)

from gateway.protection.cost import OperationCost, operation_cost
from gateway.protection.limits import Limits, check_document, token_error
from gateway.text_input import literal_holds_nul
from schema.compiled.documents import Document, Lru, prepare_document


@dataclass
class Analysis:
    document: Document
    limit_errors: list[GraphQLError] = field(default_factory=list)
    literal_nul: bool = False
    costs: dict[str | None, OperationCost | None] = field(default_factory=dict)

    @functools.cached_property
    def writes(self) -> bool:
        """Whether the document holds a mutation (decided once per document)."""
        node = self.document.node
        return node is not None and any(
            isinstance(definition, OperationDefinitionNode)
            and definition.operation is OperationType.MUTATION
            for definition in node.definitions
        )


class Analyses:
    """A bounded LRU of analyses keyed by query text."""

    def __init__(self, schema: GraphQLSchema, limits: Limits, size: int = 512) -> None:
        self.schema = schema
        self.limits = limits
        self._cache: Lru[str, Analysis] = Lru(size)

    def of(self, text: str) -> Analysis:
        return self._cache.get(text, lambda: self._analyse(text))

    def _analyse(self, text: str) -> Analysis:
        document = prepare_document(self.schema, text, max_tokens=self.limits.max_tokens)
        if document.node is None:
            [error] = document.errors
            too_long = "tokens" in error.message and "Parsing aborted" in error.message
            return Analysis(document, [token_error(self.limits)] if too_long else [])
        limit_errors = check_document(document.node, self.limits) if document.valid else []
        return Analysis(document, limit_errors, literal_holds_nul(text, document.node))

    def cost_of(self, analysis: Analysis, operation_name: str | None) -> OperationCost | None:
        """The cost tree of a valid document's operation (None: no such operation)."""
        if operation_name not in analysis.costs:
            node = analysis.document.node
            assert node is not None
            operation = get_operation_ast(node, operation_name)
            analysis.costs[operation_name] = (
                None
                if operation is None
                else operation_cost(self.schema, analysis.document.fragments, operation)
            )
        return analysis.costs[operation_name]
