"""WebSocket ``/graphql``: graphql-transport-ws subscriptions (``numberEvents``).

Authentication: HTTP Basic, either in the upgrade request's ``Authorization`` header or in the
``connection_init`` payload (``{"Authorization": "Basic …"}``, as browsers cannot set headers
on a WebSocket). Wrong credentials close the socket with 4403; a subscribe before a successful
``connection_init`` closes it with 4401 (the protocol's rule). Only subscriptions run here:
queries and mutations go through HTTP, where cost and rate limiting apply; the document
limits (tokens, depth, aliases, introspection) and the NUL rule apply here too. Each subscribe
message's text is looked up in the same cache of analysed documents as HTTP, and Strawberry
receives that parsed, validated document. A subscribe payload may name a stored document by
``extensions.persistedQuery`` instead of sending its text, and trusted-documents-only mode
holds here as over HTTP (``gateway.persisted``; GraphiQL says so in ``connection_init``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import strawberry
from graphql import GraphQLError, OperationType
from graphql.utilities import get_operation_ast
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types.unset import UNSET, UnsetType

from gateway.auth import viewer_alone
from gateway.persisted import CLIENT_HEADER, GRAPHIQL_CLIENT, PersistedQueries, Refused
from gateway.protection import Protection
from gateway.protection.analysis import Analysis
from gateway.text_input import nul_refusal
from resolvers.core.visibility import Viewer
from schema.compiled import using_document
from schema.subscription import SubscriptionContext

# Stands in until connection_init authenticates; the protocol runs nothing before that.
ANONYMOUS = Viewer(sid="", parent_sid=None, status="", type="")
UNAUTHENTICATED: dict[str, object] = {
    "message": "authentication required: HTTP Basic with your AccountSid and AuthToken"
}
NOT_A_SUBSCRIPTION = (
    "only subscriptions run over the WebSocket; POST queries and mutations to /graphql"
)


@dataclass
class GatewaySubscriptionContext(SubscriptionContext):
    """The subscription context, plus the gateway's cache of analysed documents."""

    protection: Protection | None = None
    persisted: PersistedQueries | None = None
    graphiql: bool = False  # GraphiQL is enabled
    any_document: bool = False  # GraphiQL's connection while it is enabled


class SubscriptionsOnly(BaseGraphQLTransportWSHandler[GatewaySubscriptionContext, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged:
            resolved = await self._persisted(message)
            if resolved is None:
                return
            message = resolved
        payload = message.get("payload") or {}
        query = payload.get("query")
        protection = self.context.protection
        if not self.connection_acknowledged or not isinstance(query, str) or not query:
            await super().handle_subscribe(message)  # Strawberry's own refusals
            return
        assert protection is not None  # get_context sets it
        analysis = protection.analyze(query)
        if errors := _refusal(analysis, payload):
            formatted = [error.formatted for error in errors]
            await self.send_message({"id": message["id"], "type": "error", "payload": formatted})
            return
        document = analysis.document
        if document.node is None:  # Strawberry's rule for a document that does not parse
            reason = self._get_pre_execution_close_reason(document.errors[0]) or ""
            await self.websocket.close(code=4400, reason=reason)
            return
        with using_document(document):  # the operation's task starts inside and keeps it
            await super().handle_subscribe(message)

    async def _persisted(self, message: SubscribeMessage) -> SubscribeMessage | None:
        """The message with the persisted document's text (None: refused, error sent)."""
        persisted = self.context.persisted
        payload: Mapping[str, Any] = message.get("payload") or {}
        query, extensions = payload.get("query"), payload.get("extensions")
        if persisted is None:
            return message
        data = GraphQLRequestData(
            query if isinstance(query, str) else None,
            None,
            None,
            extensions if isinstance(extensions, dict) else None,
        )
        resolution = await persisted.resolve(data, any_document=self.context.any_document)
        if isinstance(resolution, Refused):
            error = resolution.error.formatted
            await self.send_message({"id": message["id"], "type": "error", "payload": [error]})
            return None
        resolved = resolution.request_data
        if resolved.query is None or resolved is data:
            return message
        new_payload = {**payload, "query": resolved.query, "extensions": resolved.extensions}
        return cast(SubscribeMessage, {**message, "payload": new_payload})


def _refusal(analysis: Analysis, payload: Mapping[str, Any]) -> list[GraphQLError]:
    """Only subscriptions run here; the HTTP endpoint's document limits and NUL rule hold."""
    node = analysis.document.node
    if node is not None:
        operation = get_operation_ast(node, payload.get("operationName"))
        if operation is not None and operation.operation is not OperationType.SUBSCRIPTION:
            return [GraphQLError(NOT_A_SUBSCRIPTION)]
    if analysis.limit_errors:
        return analysis.limit_errors
    refusal = nul_refusal(analysis.literal_nul, payload.get("variables"))
    return [refusal] if refusal is not None else []


class SubscriptionEndpoint(GraphQL[GatewaySubscriptionContext, None]):
    graphql_transport_ws_handler_class = SubscriptionsOnly

    def __init__(self, schema: strawberry.Schema) -> None:
        super().__init__(
            schema, graphql_ide=None, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        )

    async def get_context(
        self, request: Request | WebSocket, response: Any
    ) -> GatewaySubscriptionContext:
        state = request.app.state
        viewer = await viewer_alone(state.engine, request.headers.get("authorization"))
        return GatewaySubscriptionContext(
            state.engine,
            viewer or ANONYMOUS,
            state.clock,
            state.url_policy,
            feed=state.event_broker,
            protection=state.protection,
            persisted=state.persisted_queries,
            graphiql=state.settings.graphiql,
        )

    async def on_ws_connect(
        self, context: GatewaySubscriptionContext
    ) -> UnsetType | dict[str, object] | None:
        header = _authorization(context.connection_params)
        if header is not None:
            viewer = await viewer_alone(context.engine, header)
            if viewer is None:
                raise ConnectionRejectionError(UNAUTHENTICATED)
            context.viewer = viewer
        elif context.viewer is ANONYMOUS:
            raise ConnectionRejectionError(UNAUTHENTICATED)
        client = _parameter(context.connection_params, CLIENT_HEADER)
        context.any_document = context.graphiql and client == GRAPHIQL_CLIENT
        unset: UnsetType = UNSET
        return unset


def _authorization(params: Mapping[str, Any] | None) -> str | None:
    return _parameter(params, "authorization")


def _parameter(params: Mapping[str, Any] | None, lowercase_name: str) -> str | None:
    for name, value in (params or {}).items():
        if name.lower() == lowercase_name and isinstance(value, str):
            return value
    return None
