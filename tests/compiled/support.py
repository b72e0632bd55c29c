"""Both executors over one database: the compiled path must write the standard path's JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import strawberry

from resolvers.core.visibility import authenticate
from schema.build import build_schema
from schema.compiled import CompiledExecutor
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
        result = await self.schema.execute(
            query, variable_values=variables, context_value=self.context, operation_name=operation
        )
        assert not result.errors, result.errors
        return orjson.dumps({"data": result.data})

    async def compiled_json(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> bytes | None:
        return await self.compiled.execute_json(query, variables, operation, self.context)

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
