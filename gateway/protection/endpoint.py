"""The guard around one GraphQL operation, shared by both executors of ``/graphql``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from gateway.protection.analysis import Analysis
from gateway.protection.guard import Protection
from schema.context import RequestContext


async def run_guarded(
    protection: Protection,
    analysis: Analysis | None,
    request_data: GraphQLRequestData,
    method: str,
    context: RequestContext,
    sub_response: Any,
    run: Callable[[], Awaitable[ExecutionResult]],
) -> ExecutionResult:
    """Admit the operation (limits, cost, rate), run it, and report its cost in
    ``extensions.cost``; a refused operation never reaches ``run``."""
    admission = await protection.admit(
        analysis,
        request_data.variables,
        request_data.operation_name,
        method,
        context.viewer.sid,
        context.clock.now(),
    )
    rejection = admission.rejection
    if rejection is not None:
        sub_response.status_code = rejection.status
        for name, value in rejection.headers.items():
            sub_response.headers[name] = value
        available = admission.taken.available if admission.taken is not None else None
        cost = protection.cost_extension(admission.requested, None, available)
        return ExecutionResult(data=None, errors=rejection.errors, extensions={"cost": cost})
    result = await run()
    cost = await protection.settle(admission, result.data, context.clock.now())
    result.extensions = {**(result.extensions or {}), "cost": cost}
    return result
