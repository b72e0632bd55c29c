"""The Subscription root: ``numberEvents`` over graphql-transport-ws (WebSocket ``/graphql``).

The gateway hands a ``SubscriptionContext`` to operations on a WebSocket: the request context
plus the process's event feed. Each event the feed yields is filtered to the subscribed account
and then served like the ``numberEvents`` query's nodes (``node`` through ``node(id:)``).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import strawberry
from graphql import GraphQLError

from resolvers.core.errors import GatewayError
from resolvers.core.visibility import visible_account_sid
from resolvers.events.feed import EventFeed
from resolvers.events.reads import attach_deliveries
from schema.context import Info, RequestContext
from schema.selection import selection_of
from schema.types.events import KINDS_DESCRIPTION, NumberEvent


@dataclass
class SubscriptionContext(RequestContext):
    feed: EventFeed | None = None
    connection_params: dict[str, Any] = field(default_factory=dict)
    # The HTTP endpoint's document limits (tokens, depth, aliases, introspection), applied to
    # each subscribe message: the transport's own guard, set by the gateway.
    document_errors: Callable[[str], list[GraphQLError]] | None = None


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Events of your account (or of the subaccount named by accountSid) as they "
        "are committed, each once, in order, each with the node it concerns. " + KINDS_DESCRIPTION
    )
    async def number_events(
        self, info: Info, account_sid: str | None = None
    ) -> AsyncGenerator[NumberEvent, None]:
        ctx = info.context
        feed = getattr(ctx, "feed", None)
        if feed is None:
            raise GatewayError(
                "subscriptions are served over a WebSocket at /graphql (graphql-transport-ws)",
                code="INVALID_INPUT",
            )
        with_deliveries = "deliveries" in selection_of(info._raw_info)
        async with feed.subscribe() as events:  # first, so nothing committed from here is missed
            async with ctx.read() as conn:
                owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            async for event in events:
                if event["account_sid"] != owner:
                    continue
                served = dict(event)
                if with_deliveries:
                    async with ctx.read() as conn:
                        await attach_deliveries(conn, [served])
                yield cast(NumberEvent, served)
