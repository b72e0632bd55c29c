"""Serve an eligible read query by its compiled plan, or say it cannot (None).

The root resolvers are the schema's own (the very ``GraphQLField.resolve`` the standard
executor calls, with graphql-core's argument coercion and a real ``GraphQLResolveInfo``), so
the look-ahead ``SelectionTree``, the SQL and the returned dicts are the same on both paths;
only the writing of the response differs. Any error, an invalid document, a non-query
operation or an ineligible selection returns None: the caller then runs the standard
executor, which formats errors as it always does.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Sequence
from typing import Any, TypeGuard

import orjson
import strawberry
from graphql import (
    GraphQLResolveInfo,
    OperationType,
    get_operation_ast,
)
from graphql.execution import VariableValues, get_argument_values, get_variable_values
from graphql.pyutils import Path
from graphql.type.definition import GraphQLResolveInfoHelpers

from schema.compiled.documents import Document, Lru, parse_and_validate
from schema.compiled.plan import Plan, RootField, compile_plan

PlanKey = tuple[str, str | None, tuple[Any, ...]]


async def _gather(values: Sequence[Awaitable[Any]]) -> list[Any]:
    return list(await asyncio.gather(*values))


def _is_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    return inspect.isawaitable(value)


def _track(_values: Sequence[Any]) -> None:
    return None


_HELPERS = GraphQLResolveInfoHelpers(_gather, _track)


class CompiledExecutor:
    def __init__(self, schema: strawberry.Schema, *, cache_size: int = 512) -> None:
        self.schema = schema._schema
        self._documents: Lru[str, Document | None] = Lru(cache_size)
        self._plans: Lru[PlanKey, Plan | None] = Lru(cache_size)

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Any,
    ) -> dict[str, Any] | None:
        """The response's ``data``, or None when the standard executor must serve it."""
        document = self._documents.get(query, lambda: parse_and_validate(self.schema, query))
        if document is None:
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
        plan = self._plans.get(
            (query, operation_name, switches),
            lambda: compile_plan(self.schema, document.fragments, operation, coerced),
        )
        if plan is None:
            return None
        results: dict[str, Any] = {}
        try:
            for root in plan.roots:
                results[root.response_key] = await self._resolve(
                    root, document, operation, coerced, context
                )
            return plan.write(results)
        except Exception:
            return None

    async def execute_json(
        self,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: Any,
    ) -> bytes | None:
        data = await self.execute(query, variables, operation_name, context)
        return None if data is None else orjson.dumps({"data": data})

    async def _resolve(
        self,
        root: RootField,
        document: Document,
        operation: Any,
        variables: VariableValues,
        context: Any,
    ) -> Any:
        query_type = self.schema.query_type
        assert query_type is not None
        info: GraphQLResolveInfo[Any] = GraphQLResolveInfo(
            root.nodes[0].name.value,
            root.nodes,
            root.field.type,
            query_type,
            Path(None, root.response_key, query_type.name),
            self.schema,
            document.fragments,
            None,
            operation,
            variables,
            context,
            _is_awaitable,
            None,
            _HELPERS,
        )
        arguments = get_argument_values(root.field, root.nodes[0], variables)
        assert root.field.resolve is not None
        value = root.field.resolve(None, info, **arguments)
        return await value if inspect.isawaitable(value) else value
