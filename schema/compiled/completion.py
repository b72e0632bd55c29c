"""Finish a compiled query with graphql-core's completion, from root values already resolved.

When a root resolver raised (a ``GatewayError`` such as ``first: 5000``, or a bug) or a row
holds what the generated writer will not write (a null in a non-null position, a value its
scalar refuses), the compiled path still answers itself: graphql-core executes the operation
with each root field's outcome supplied by a middleware instead of its resolver. Errors so get
graphql-core's message, ``path`` and ``locations``, nulls propagate exactly as in the standard
executor, and no resolver (no SQL) runs twice. The errors are then logged and presented (field
path prefix, masking) as Strawberry's executor does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import DocumentNode, GraphQLResolveInfo, execute
from strawberry.types import ExecutionResult

from schema.errors import presented_errors


@dataclass(frozen=True)
class Raised:
    """A root resolver's exception, kept to be raised where graphql-core would have met it."""

    error: Exception


class _RootOutcomes:
    """graphql-core middleware: a root field answers with its outcome; the rest resolve."""

    def __init__(self, outcomes: dict[str, Any]) -> None:
        self.outcomes = outcomes

    def resolve(
        self, next_: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], **args: Any
    ) -> Any:
        path = info.path
        if path.prev is None and path.key in self.outcomes:
            outcome = self.outcomes[path.key]
            if isinstance(outcome, Raised):
                raise outcome.error
            return outcome
        return next_(root, info, **args)


async def complete_from_roots(
    schema: strawberry.Schema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    context: Any,
    outcomes: dict[str, Any],
) -> ExecutionResult:
    """The response graphql-core gives when the root fields return (or raise) ``outcomes``."""
    result = execute(
        schema._schema,
        document,
        context_value=context,
        variable_values=variables,
        operation_name=operation_name,
        middleware=[_RootOutcomes(outcomes)],
        executor_class=schema.execution_context_class,
    )
    if inspect.isawaitable(result):
        result = await result
    errors = list(result.errors or ())
    if not errors:
        return ExecutionResult(data=result.data, errors=None)
    schema.process_errors(errors)
    return ExecutionResult(data=result.data, errors=presented_errors(errors))
