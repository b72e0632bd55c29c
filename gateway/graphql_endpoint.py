"""``/graphql``: authenticate, build the request context, hand over to Strawberry.

The GraphiQL page itself is served without credentials (it is static); every operation needs
them. Wrong or missing credentials get HTTP 401 with a GraphQL error body and no data. Every
answer is JSON in the media type negotiated from ``Accept`` (``gateway.graphql_media``), also
the refusals of malformed requests (HTTP 400) and unacceptable ``Accept`` headers (HTTP 406).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from gateway.auth import REALM, viewer_for
from gateway.auth_cache import AuthCache
from gateway.graphiql import graphiql_response
from gateway.graphql_media import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    REQUEST_ERROR_STATUS,
    content_type,
    is_request_error,
    negotiate,
)
from gateway.http_caching import VARY, entity_tag, revalidated
from gateway.persisted import (
    CLIENT_HEADER,
    GRAPHIQL_CLIENT,
    PersistedDocuments,
    PersistedQueries,
    Refused,
)
from gateway.protection import Protection
from gateway.protection.analysis import Analysis
from gateway.protection.endpoint import run_guarded
from gateway.responses import OrjsonResponse
from gateway.text_input import nul_refusal
from gateway.unavailable import met_unavailable_storage, unavailable_response
from resolvers.core.request_connection import RequestConnection
from resolvers.core.unavailable import StorageUnavailable, is_unavailable
from schema.compiled import CompiledExecutor, Document, using_document
from schema.context import RequestContext

UNAUTHENTICATED = "authentication required: HTTP Basic with your AccountSid and AuthToken"
NOT_ACCEPTABLE = f"this endpoint answers in {GRAPHQL_RESPONSE_JSON} or {JSON}: accept one of them"
EXCHANGE_KEY = "exchange"


EXECUTOR_HEADER = "X-Gateway-Executor"


class GatewayGraphQL(GraphQL[RequestContext, None]):
    """One pass per request: a persisted query's text is found (``gateway.persisted``), the
    document's cached analysis (``gateway.protection``) is admitted, then served by its
    compiled plan, or else by Strawberry with the parsed and validated document handed over
    (``schema.compiled.prepared``); the answer is written in the negotiated media type."""

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
        """A persisted query's text first (gateway.persisted), then the guarded execution; a
        request error under the GraphQL response media type gets status 400."""
        exchange = exchange_of(request)
        state = request.app.state
        persisted: PersistedQueries = state.persisted_queries
        resolution = await persisted.resolve(request_data, any_document=exchange.any_document)
        if isinstance(resolution, Refused):
            sub_response.status_code = resolution.status
            return ExecutionResult(data=None, errors=[resolution.error])
        request_data = resolution.request_data
        query = request_data.query
        if resolution.remember is not None and query is not None:
            sha256, now = resolution.remember, context.clock.now()
            await _remember(state.protection, persisted.store, sha256, query, now)
        result = await self._guarded(request, request_adapter, sub_response, context, request_data)
        if met_unavailable_storage(result):
            raise StorageUnavailable  # answered 503 by GraphQLEndpoint._answer
        if exchange.media_type == GRAPHQL_RESPONSE_JSON and is_request_error(result):
            sub_response.status_code = sub_response.status_code or REQUEST_ERROR_STATUS
        return result

    async def _guarded(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: RequestContext,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Limits, cost and rate limiting first (gateway.protection), then either executor."""
        protection: Protection = request.app.state.protection
        query = request_data.query
        analysis = protection.analyze(query) if query else None
        strawberry_executes = super().execute_single

        async def standard() -> ExecutionResult:
            sub_response.headers[EXECUTOR_HEADER] = "standard"
            return await strawberry_executes(
                request, request_adapter, sub_response, context, None, request_data
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

    def should_render_graphql_ide(self, request: Any) -> bool:
        return False  # GraphQLEndpoint serves our own page before the view is reached

    async def get_sub_response(self, request: Any) -> Response:
        """The negotiated media type rides on the sub-response to ``create_response``."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = exchange_of(request).media_type
        return sub_response

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Under the GraphQL response media type a request error has no ``data`` entry (its
        status is set in ``execute_single``); a GET answer gets its entity tag."""
        processed = await super().process_result(request, result)
        exchange = exchange_of(request)
        if exchange.media_type == GRAPHQL_RESPONSE_JSON and is_request_error(result):
            processed.pop("data", None)
        if request.method == "GET":
            account = request.scope["state"]["context"].viewer.sid
            exchange.tag = entity_tag(account, exchange.media_type, processed)
        return processed

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Any
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = content_type(sub_response.media_type or JSON)
        return response

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
        response = await self._answer(request)
        response.headers["Vary"] = VARY
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        """The answer; a database that cannot serve makes it 503 with ``Retry-After``
        (``gateway.unavailable``) wherever it was met, never a 500."""
        media_type = negotiate(request.headers.get("accept"))
        try:
            async with request.app.state.request_slots:  # gateway.request_slots
                return await self._answer_in(request, media_type)
        except Exception as error:
            if not is_unavailable(error):
                raise
            return unavailable_response(content_type(media_type or JSON))

    async def _answer_in(self, request: Request, media_type: str | None) -> Response:
        """Authentication and every read of the request on one pooled connection."""
        connection = RequestConnection(request.app.state.read_engine)
        try:
            return await self._answer_on(request, media_type, connection)
        finally:
            await connection.close()

    async def _answer_on(
        self, request: Request, media_type: str | None, connection: RequestConnection
    ) -> Response:
        state = request.app.state
        cache: AuthCache = state.auth_cache
        viewer = await viewer_for(connection, request.headers.get("authorization"), cache)
        if viewer is None:
            return unauthorized(media_type or JSON)
        if media_type is None:
            return error_response(406, NOT_ACCEPTABLE, "NOT_ACCEPTABLE", JSON)
        any_document = self.graphiql and request.headers.get(CLIENT_HEADER) == GRAPHIQL_CLIENT
        exchange = Exchange(media_type, any_document)
        request.scope.setdefault("state", {}).update(
            context=RequestContext(
                state.engine,
                viewer,
                state.clock,
                state.url_policy,
                state.request_rules,
                connection,
                cache.clear,  # a mutation changed who may sign in (gateway.auth_cache)
            ),
            **{EXCHANGE_KEY: exchange},
        )
        try:
            response = await self.view.run(request)
        except HTTPException as error:  # a malformed request: Strawberry's words, our JSON
            return error_response(error.status_code, error.reason, "BAD_REQUEST", media_type)
        return revalidated(response, exchange.tag, request.headers.get("if-none-match"))

    @staticmethod
    def _wants_graphiql(request: Request) -> bool:
        """A browser opening /graphql (Strawberry's own rule for showing its IDE)."""
        accept = request.headers.get("accept", "")
        return (
            request.method == "GET"
            and "query" not in request.query_params
            and "extensions" not in request.query_params  # a persisted query
            and ("text/html" in accept or "*/*" in accept)
        )


async def _remember(
    protection: Protection, store: PersistedDocuments, sha256: str, query: str, now: datetime
) -> None:
    """Store an automatic persisted query once it validates (never junk)."""
    if protection.analyze(query).document.valid:
        await store.remember(sha256, query, now)


@dataclass
class Exchange:
    """What the endpoint decided about one HTTP request before Strawberry's view runs."""

    media_type: str  # the negotiated media type of the answer
    any_document: bool = False  # GraphiQL's request while GraphiQL is enabled
    tag: str | None = None  # a GET answer's entity tag (gateway.http_caching)


def exchange_of(request: Request) -> Exchange:
    exchange: Exchange = request.scope["state"].get(EXCHANGE_KEY) or Exchange(JSON)
    return exchange


def error_response(
    status: int,
    message: str,
    code: str,
    media_type: str,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    response = OrjsonResponse(body, status_code=status, headers=headers)
    response.headers["content-type"] = content_type(media_type)
    return response


def unauthorized(media_type: str = JSON) -> Response:
    return error_response(
        401, UNAUTHENTICATED, "UNAUTHENTICATED", media_type, {"WWW-Authenticate": REALM}
    )
