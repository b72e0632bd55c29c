"""WebSocket ``/graphql``: graphql-transport-ws subscriptions (``numberEvents``).

Authentication: HTTP Basic, either in the upgrade request's ``Authorization`` header or in the
``connection_init`` payload (``{"Authorization": "Basic …"}``, as browsers cannot set headers
on a WebSocket). Wrong credentials close the socket with 4403; a subscribe before a successful
``connection_init`` closes it with 4401 (the protocol's rule). Only subscriptions run here:
queries and mutations go through HTTP, where cost and rate limiting apply; the document
limits (tokens, depth, aliases, introspection) apply here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry
from graphql import GraphQLError, OperationType, parse
from graphql.utilities import get_operation_ast
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types.unset import UNSET, UnsetType

from gateway.auth import viewer_for
from resolvers.core.visibility import Viewer
from schema.subscription import SubscriptionContext

# Stands in until connection_init authenticates; the protocol runs nothing before that.
ANONYMOUS = Viewer(sid="", parent_sid=None, status="", type="")
UNAUTHENTICATED: dict[str, object] = {
    "message": "authentication required: HTTP Basic with your AccountSid and AuthToken"
}


class SubscriptionsOnly(BaseGraphQLTransportWSHandler[SubscriptionContext, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not _is_subscription(message):
            error = GraphQLError(
                "only subscriptions run over the WebSocket; POST queries and mutations to /graphql"
            )
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [error.formatted]}
            )
            return
        if self.connection_acknowledged and await self._refused_by_limits(message):
            return
        await super().handle_subscribe(message)

    async def _refused_by_limits(self, message: SubscribeMessage) -> bool:
        """The HTTP endpoint's document limits hold on the WebSocket too."""
        check = self.context.document_errors
        errors = check((message.get("payload") or {}).get("query") or "") if check else []
        if errors:
            payload = [error.formatted for error in errors]
            await self.send_message({"id": message["id"], "type": "error", "payload": payload})
        return bool(errors)


def _is_subscription(message: SubscribeMessage) -> bool:
    payload = message.get("payload") or {}
    try:
        operation = get_operation_ast(
            parse(payload.get("query") or ""), payload.get("operationName")
        )
    except GraphQLError:
        return True  # let the executor report the syntax error
    return operation is None or operation.operation == OperationType.SUBSCRIPTION


class SubscriptionEndpoint(GraphQL[SubscriptionContext, None]):
    graphql_transport_ws_handler_class = SubscriptionsOnly

    def __init__(self, schema: strawberry.Schema) -> None:
        super().__init__(
            schema, graphql_ide=None, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,)
        )

    async def get_context(self, request: Request | WebSocket, response: Any) -> SubscriptionContext:
        state = request.app.state
        viewer = await viewer_for(state.engine, request.headers.get("authorization"))
        return SubscriptionContext(
            state.engine,
            viewer or ANONYMOUS,
            state.clock,
            state.url_policy,
            feed=state.event_broker,
            document_errors=state.protection.document_errors,
        )

    async def on_ws_connect(
        self, context: SubscriptionContext
    ) -> UnsetType | dict[str, object] | None:
        header = _authorization(context.connection_params)
        if header is not None:
            viewer = await viewer_for(context.engine, header)
            if viewer is None:
                raise ConnectionRejectionError(UNAUTHENTICATED)
            context.viewer = viewer
        elif context.viewer is ANONYMOUS:
            raise ConnectionRejectionError(UNAUTHENTICATED)
        unset: UnsetType = UNSET
        return unset


def _authorization(params: Mapping[str, Any] | None) -> str | None:
    for name, value in (params or {}).items():
        if name.lower() == "authorization" and isinstance(value, str):
            return value
    return None
