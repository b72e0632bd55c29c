"""``/graphql``: authenticate, build the request context, hand over to Strawberry.

The GraphiQL page itself is served without credentials (it is static); every operation needs
them. Wrong or missing credentials get HTTP 401 with a GraphQL error body and no data.
"""

from __future__ import annotations

from typing import Any

import orjson
import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from gateway.auth import REALM, viewer_for
from gateway.graphiql import graphiql_response
from gateway.protection.endpoint import run_guarded
from gateway.responses import OrjsonResponse
from gateway.text_input import nul_refusal
from schema.compiled import CompiledExecutor
from schema.context import RequestContext

UNAUTHENTICATED_BODY = {
    "errors": [
        {
            "message": "authentication required: HTTP Basic with your AccountSid and AuthToken",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}


EXECUTOR_HEADER = "X-Gateway-Executor"


class GatewayGraphQL(GraphQL[RequestContext, None]):
    """Plain-data read queries are served by their compiled plan; the rest by Strawberry."""

    def __init__(self, schema: strawberry.Schema, **options: Any) -> None:
        super().__init__(schema, **options)
        self.compiled = CompiledExecutor(schema)

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: RequestContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Limits, cost and rate limiting first (gateway.protection), then either executor."""
        state = request.app.state
        return await run_guarded(
            state.protection,
            request_data,
            request_adapter.method,
            context,
            sub_response,
            lambda: self._execute_either(
                request, request_adapter, sub_response, context, root_value, request_data
            ),
        )

    async def _execute_either(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: RequestContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        if refusal := nul_refusal(request_data.query, request_data.variables):
            return ExecutionResult(data=None, errors=[refusal])
        eligible = request_adapter.method == "POST" or self.allow_queries_via_get
        if eligible and request_data.query and not request_data.extensions:
            data = await self.compiled.execute(
                request_data.query, request_data.variables, request_data.operation_name, context
            )
            if data is not None:
                sub_response.headers[EXECUTOR_HEADER] = "compiled"
                return ExecutionResult(data=data, errors=None)
        sub_response.headers[EXECUTOR_HEADER] = "standard"
        return await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )

    async def get_context(self, request: Any, response: Any) -> RequestContext:
        context: RequestContext = request.scope["state"]["context"]
        return context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


class GraphQLEndpoint:
    """A raw ASGI endpoint in front of the Strawberry view."""

    def __init__(self, schema: strawberry.Schema, *, graphiql: bool) -> None:
        self.graphiql = graphiql
        # Our own offline page (gateway.graphiql), never Strawberry's CDN-loading one.
        self.view = GatewayGraphQL(schema, graphql_ide=None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if self.graphiql and self._wants_graphiql(request):
            await graphiql_response()(scope, receive, send)
            return
        state = request.app.state
        viewer = await viewer_for(state.engine, request.headers.get("authorization"))
        if viewer is None:
            await unauthorized()(scope, receive, send)
            return
        scope.setdefault("state", {})["context"] = RequestContext(
            state.engine, viewer, state.clock, state.url_policy
        )
        await self.view(scope, receive, send)

    @staticmethod
    def _wants_graphiql(request: Request) -> bool:
        """A browser opening /graphql (Strawberry's own rule for showing its IDE)."""
        accept = request.headers.get("accept", "")
        return (
            request.method == "GET"
            and "query" not in request.query_params
            and ("text/html" in accept or "*/*" in accept)
        )


def unauthorized() -> Response:
    return OrjsonResponse(
        UNAUTHENTICATED_BODY, status_code=401, headers={"WWW-Authenticate": REALM}
    )
