"""Both executors over one database: the compiled path must write the standard path's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import strawberry
from strawberry.http import process_result

from resolvers.core.visibility import authenticate
from schema.build import build_schema
from schema.compiled import CompiledExecutor, prepare_document
from schema.context import RequestContext
from tests.support.client import Gateway
from tests.support.numbers import Caller


@dataclass
class Both:
    schema: strawberry.Schema
    compiled: CompiledExecutor
    context: RequestContext

    async def standard_json(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> bytes:
        body = await self.standard_body(query, variables, operation)
        assert "errors" not in body, body["errors"]
        return orjson.dumps(body)

    async def standard_body(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> dict[str, Any]:
        """Strawberry's standard executor, the body as the HTTP view writes it."""
        result = await self.schema.execute(
            query, variable_values=variables, context_value=self.context, operation_name=operation
        )
        return dict(process_result(result))

    async def compiled_body(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> dict[str, Any] | None:
        """The compiled path's body, or None when it declines the query."""
        document = prepare_document(self.schema._schema, query)
        result = await self.compiled.execute(document, variables, operation, self.context)
        return None if result is None else dict(process_result(result))

    async def compiled_json(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> bytes | None:
        body = await self.compiled_body(query, variables, operation)
        return None if body is None else orjson.dumps(body)

    async def same(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> dict[str, Any]:
        """The data, after checking both paths return byte-identical JSON."""
        standard = await self.standard_json(query, variables, operation)
        compiled = await self.compiled_json(query, variables, operation)
        assert compiled is not None, "the compiled path declined an eligible query"
        assert orjson.loads(compiled) == orjson.loads(standard)
        assert compiled == standard  # key order too
        data: dict[str, Any] = orjson.loads(standard)["data"]
        return data


_SCHEMA: list[strawberry.Schema] = []


def shared_schema() -> strawberry.Schema:
    if not _SCHEMA:
        _SCHEMA.append(build_schema())
    return _SCHEMA[0]


async def both_for(gateway: Gateway, caller: Caller) -> Both:
    async with gateway.engine.connect() as conn:
        viewer = await authenticate(conn, caller.sid, caller.token)
    assert viewer is not None
    schema = shared_schema()
    return Both(
        schema, CompiledExecutor(schema), RequestContext(gateway.engine, viewer, gateway.clock)
    )
