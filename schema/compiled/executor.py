"""Serve an eligible read query by its compiled plan, or decline it (None) before any resolver.

The root resolvers are the schema's own (the very ``GraphQLField.resolve`` the standard
executor calls, with graphql-core's argument coercion and a real ``GraphQLResolveInfo``), so
the look-ahead ``SelectionTree``, the SQL and the returned dicts are the same on both paths;
only the writing of the response differs. Eligibility is decided from the document and its
plan alone: an invalid document, a non-query operation, variables that do not coerce or a
selection outside plain data are declined, and the standard executor serves them. Once a root
resolver has run, the compiled path answers itself: a resolver's error or a row the writer
will not write is finished by ``completion`` (graphql-core's own rules, no resolver again).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

import strawberry
from graphql import (
    GraphQLResolveInfo,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
)
from graphql.execution import VariableValues, get_argument_values, get_variable_values
from graphql.pyutils import Path
from graphql.type.definition import GraphQLResolveInfoHelpers
from strawberry.types import ExecutionResult

from schema.compiled.completion import Raised, complete_from_roots
from schema.compiled.documents import Document
from schema.compiled.leaves import Fallback
from schema.compiled.plan import Plan, RootField, compile_plan


async def _gather(values: Sequence[Awaitable[Any]]) -> list[Any]:
    return list(await asyncio.gather(*values))


def _is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    return inspect.isawaitable(value)


def _track(_values: Sequence[Any]) -> None:
    return None


_HELPERS = GraphQLResolveInfoHelpers(_gather, _track)


@dataclass(frozen=True)
class Planned:
    """An eligible operation of a document, with its coerced variables and its plan."""

    document: Document
    operation: OperationDefinitionNode
    variables: VariableValues
    plan: Plan


class CompiledExecutor:
    def __init__(self, schema: strawberry.Schema) -> None:
        self.strawberry = schema
        self.schema = schema._schema

    def plan_for(
        self, document: Document, variables: dict[str, Any] | None, operation_name: str | None
    ) -> Planned | None:
        """The plan that serves this operation, or None when the standard executor must."""
        if document.node is None or document.errors:
            return None
        operation = get_operation_ast(document.node, operation_name)
        if operation is None or operation.operation is not OperationType.QUERY:
            return None
        coerced = get_variable_values(
            self.schema, operation.variable_definitions or (), variables or {}
        )
        if not isinstance(coerced, VariableValues):
            return None
        switches = tuple(coerced.coerced.get(name) for name in document.directive_variables)
        plan = document.plans.get(
            (operation_name, switches),
            lambda: compile_plan(self.schema, document.fragments, operation, coerced),
        )
        return None if plan is None else Planned(document, operation, coerced, plan)

    async def execute(
        self,
        document: Document,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Any,
    ) -> ExecutionResult | None:
        """The response, or None (declined, nothing run) when the standard executor must
        serve it."""
        planned = self.plan_for(document, variables, operation_name)
        if planned is None:
            return None
        outcomes: dict[str, Any] = {}
        for root in planned.plan.roots:
            try:
                outcomes[root.response_key] = await self._resolve(root, planned, context)
            except Exception as error:
                outcomes[root.response_key] = Raised(error)
        if not any(isinstance(outcome, Raised) for outcome in outcomes.values()):
            try:
                return ExecutionResult(data=planned.plan.write(outcomes), errors=None)
            except Fallback:
                pass
        assert document.node is not None
        return await complete_from_roots(
            self.strawberry, document.node, operation_name, variables, context, outcomes
        )

    async def _resolve(self, root: RootField, planned: Planned, context: Any) -> Any:
        query_type = self.schema.query_type
        assert query_type is not None
        info: GraphQLResolveInfo[Any] = GraphQLResolveInfo(
            root.nodes[0].name.value,
            root.nodes,
            root.field.type,
            query_type,
            Path(None, root.response_key, query_type.name),
            self.schema,
            planned.document.fragments,
            None,
            planned.operation,
            planned.variables,
            context,
            _is_awaitable,
            None,
            _HELPERS,
        )
        arguments = get_argument_values(root.field, root.nodes[0], planned.variables)
        assert root.field.resolve is not None
        value = root.field.resolve(None, info, **arguments)
        return await value if inspect.isawaitable(value) else value
