"""In process, no HTTP: the floor, Strawberry's standard executor and the compiled path on the
same page, to price each response field (item 3's µs/field).

The floor is the HTTP floor's own handler (``FloorRoute.body``: the same statement, the same
JSON, orjson). µs/field = (p50 of the path minus p50 of the floor) / leaves of the response, so
it is the cost the GraphQL layer adds per field, with SQL and encoding taken out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.floor import FloorRoute
from bench.scenarios import ReadScenario
from bench.stats import Samples, sample
from resolvers.core.clock import SystemClock
from resolvers.core.visibility import Viewer
from schema.compiled import CompiledExecutor, prepare_document, using_document
from schema.context import RequestContext


@dataclass
class CaseResult:
    name: str
    title: str
    fields_per_response: int
    floor: Samples
    standard: Samples
    compiled: Samples

    def above_floor(self, samples: Samples) -> float:
        """µs per response field that ``samples`` spend above the floor (p50s)."""
        return (samples.p50_ms - self.floor.p50_ms) * 1000 / max(1, self.fields_per_response)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "fields_per_response": self.fields_per_response,
            "floor": self.floor.figures(),
            "standard": self.standard.figures(),
            "compiled": self.compiled.figures(),
            "standard_us_per_field_above_floor": self.above_floor(self.standard),
            "compiled_us_per_field_above_floor": self.above_floor(self.compiled),
            "ratio_standard_to_floor": self.standard.p50_ms / self.floor.p50_ms,
            "ratio_compiled_to_floor": self.compiled.p50_ms / self.floor.p50_ms,
        }


def count_leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(count_leaves(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_leaves(item) for item in value) if value else 1
    return 1


async def measure_case(
    scenario: ReadScenario,
    schema: strawberry.Schema,
    engine: AsyncEngine,
    viewer: Viewer,
    floor: FloorRoute,
    repeat: int,
) -> CaseResult:
    context = RequestContext(engine, viewer, SystemClock())
    query, variables = scenario.query, scenario.variables
    # Both executors get the document parsed and validated once, as the gateway gives it.
    document = prepare_document(schema._schema, query)

    async def standard() -> bytes:
        with using_document(document):
            result = await schema.execute(query, variable_values=variables, context_value=context)
        if result.errors:
            raise RuntimeError(result.errors)
        return orjson.dumps({"data": result.data})

    executor = CompiledExecutor(schema)

    async def compiled() -> bytes:
        result = await executor.execute(document, variables, None, context)
        if result is None or result.errors:
            raise RuntimeError(f"{scenario.name}: the compiled path declined or failed")
        return orjson.dumps({"data": result.data})

    async def floor_body() -> bytes:
        return await floor.body(engine)

    body = orjson.loads(await standard())
    if orjson.loads(await compiled()) != body or orjson.loads(await floor_body()) != body:
        raise RuntimeError(f"{scenario.name}: floor, compiled and standard answers differ")
    warmup = min(3, repeat)
    return CaseResult(
        scenario.name,
        scenario.title,
        count_leaves(body["data"]),
        await sample(floor_body, repeat, warmup),
        await sample(standard, repeat, warmup),
        await sample(compiled, repeat, warmup),
    )
