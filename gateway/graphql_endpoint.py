"""``/graphql``: authenticate, build the request context, hand over to Strawberry.

The GraphiQL page itself is served without credentials (it is static); every operation needs
them. Wrong or missing credentials get HTTP 401 with a GraphQL error body and no data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
from gateway.protection import Protection
from gateway.protection.analysis import Analysis
from gateway.protection.endpoint import run_guarded
from gateway.responses import OrjsonResponse
from gateway.text_input import nul_refusal
from schema.compiled import CompiledExecutor, Document, using_document
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
    """One pass per request: the document's cached analysis (``gateway.protection``) is
    admitted, then served by its compiled plan, or else by Strawberry with the parsed and
    validated document handed over (``schema.compiled.prepared``)."""

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
        protection: Protection = state.protection
        query = request_data.query
        analysis = protection.analyze(query) if query else None
        strawberry_executes = super().execute_single

        async def standard() -> ExecutionResult:
            sub_response.headers[EXECUTOR_HEADER] = "standard"
            return await strawberry_executes(
                request, request_adapter, sub_response, context, root_value, request_data
            )

        method = request_adapter.method
        return await run_guarded(
            protection,
            analysis,
            request_data,
            method,
            context,
            sub_response,
            lambda: self._execute(analysis, request_data, method, context, sub_response, standard),
        )

    async def _execute(
        self,
        analysis: Analysis | None,
        request_data: GraphQLRequestData,
        method: str,
        context: RequestContext,
        sub_response: Any,
        standard: Callable[[], Awaitable[ExecutionResult]],
    ) -> ExecutionResult:
        if analysis is None:  # no query: Strawberry's own refusal
            return await standard()
        if refusal := nul_refusal(analysis.literal_nul, request_data.variables):
            return ExecutionResult(data=None, errors=[refusal])
        document = analysis.document
        if document.node is None:
            sub_response.headers[EXECUTOR_HEADER] = "standard"  # its answer, as it gives it
            return self._syntax_error(document)
        if self._compiled_may_serve(method, request_data):
            result = await self.compiled.execute(
                document, request_data.variables, request_data.operation_name, context
            )
            if result is not None:
                sub_response.headers[EXECUTOR_HEADER] = "compiled"
                return result
        with using_document(document):
            return await standard()

    def _compiled_may_serve(self, method: str, request_data: GraphQLRequestData) -> bool:
        """Queries over GET only when allowed; operation ``extensions`` are Strawberry's."""
        return (method == "POST" or self.allow_queries_via_get) and not request_data.extensions

    def _syntax_error(self, document: Document) -> ExecutionResult:
        """What Strawberry answers for a document that does not parse, without parsing it
        again (its error is logged the same way)."""
        errors = list(document.errors)
        self.schema.process_errors(errors)
        return ExecutionResult(data=None, errors=errors)

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
            state.engine, viewer, state.clock, state.url_policy, state.request_rules
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
