"""Full-tree pages: the GraphQL path against the floor, measured in the same run.

The floor runs the very SQL statement the GraphQL path issued (captured from the driver),
builds one dict per row and encodes the lot with orjson: the least any server must do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import strawberry
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.stats import Samples, sample
from gateway.database import is_transaction_control
from resolvers.accounts import Viewer
from resolvers.clock import SystemClock
from schema.compiled import CompiledExecutor
from schema.context import RequestContext


@dataclass
class Captured:
    statements: list[tuple[str, Any]]


@contextmanager
def capture(engine: AsyncEngine) -> Iterator[Captured]:
    captured = Captured([])

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if not is_transaction_control(statement):
            captured.statements.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield captured
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


@dataclass
class CaseResult:
    name: str
    fields_per_response: int
    statements_in_process: int
    statements_http: int
    graphql: Samples
    http: Samples
    floor: Samples
    compiled: Samples

    def as_dict(self) -> dict[str, Any]:
        def figures(samples: Samples) -> dict[str, float]:
            return {"p50_ms": samples.p50_ms, "p99_ms": samples.p99_ms, "mean_ms": samples.mean_ms}

        return {
            "name": self.name,
            "fields_per_response": self.fields_per_response,
            "statements_in_process": self.statements_in_process,
            "statements_http": self.statements_http,
            "graphql_in_process": figures(self.graphql),
            "graphql_http_asgi": figures(self.http),
            "floor": figures(self.floor),
            "compiled_in_process": figures(self.compiled),
            "ratio_in_process_to_floor": self.graphql.p50_ms / self.floor.p50_ms,
            "us_per_field_above_floor": self.above_floor(self.graphql),
            "ratio_compiled_to_floor": self.compiled.p50_ms / self.floor.p50_ms,
            "compiled_us_per_field_above_floor": self.above_floor(self.compiled),
        }

    def above_floor(self, samples: Samples) -> float:
        fields = max(1, self.fields_per_response)
        return (samples.p50_ms - self.floor.p50_ms) * 1000 / fields


def count_leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(count_leaves(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_leaves(item) for item in value) if value else 1
    return 1


async def measure_case(
    name: str,
    query: str,
    variables: dict[str, Any],
    schema: strawberry.Schema,
    engine: AsyncEngine,
    viewer: Viewer,
    http: httpx.AsyncClient,
    repeat: int,
) -> CaseResult:
    context = RequestContext(engine, viewer, SystemClock())

    async def graphql() -> bytes:
        result = await schema.execute(query, variable_values=variables, context_value=context)
        if result.errors:
            raise RuntimeError(result.errors)
        return orjson.dumps({"data": result.data})

    executor = CompiledExecutor(schema)

    async def compiled() -> bytes:
        encoded = await executor.execute_json(query, variables, None, context)
        if encoded is None:
            raise RuntimeError("the compiled path declined the query")
        return encoded

    with capture(engine) as in_process:
        body = orjson.loads(await graphql())
    if orjson.loads(await compiled()) != body:
        raise RuntimeError("the compiled path and the standard executor disagree")
    ((statement, parameters),) = in_process.statements

    async def floor() -> bytes:
        async with engine.connect() as conn:
            cursor = await conn.exec_driver_sql(statement, parameters)
            keys = list(cursor.keys())
            rows = [dict(zip(keys, row, strict=True)) for row in cursor.all()]
        return orjson.dumps({"data": rows}, default=str)

    async def over_http() -> None:
        response = await http.post("/graphql", json={"query": query, "variables": variables})
        response.raise_for_status()

    with capture(engine) as over_asgi:
        await over_http()
    return CaseResult(
        name,
        count_leaves(body["data"]),
        len(in_process.statements),
        len(over_asgi.statements),
        await sample(graphql, repeat),
        await sample(over_http, repeat),
        await sample(floor, repeat),
        await sample(compiled, repeat),
    )
