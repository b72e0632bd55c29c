"""NumberEvent (one outbox row), its webhook deliveries, and the events connection."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import strawberry
from graphql import GraphQLObjectType
from strawberry.scalars import JSON

from resolvers import nodes as node_reads
from resolvers.core.enums import EventKind
from schema.context import Info
from schema.enums import HttpMethod, WebhookDeliveryStatus
from schema.selection import selection_of
from schema.types.common import DictBacked, Node, PageInfo

KINDS_DESCRIPTION = f"What happened: {', '.join(EventKind)} (new kinds may appear)."


@strawberry.type(description="One status callback request of an event, with its retry state.")
class WebhookDelivery:
    url: str
    method: HttpMethod = strawberry.field(
        description="The status callback method: POST sends a JSON body, GET the event's "
        "fields in the query string."
    )
    status: WebhookDeliveryStatus
    attempts: int = strawberry.field(description="Requests made so far.")
    last_status_code: int | None = strawberry.field(description="HTTP status of the last request.")
    last_error: str | None
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next request is due; null once DELIVERED or FAILED."
    )
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime


async def event_node(root: strawberry.Parent[dict[str, Any]], info: Info) -> Node | None:
    """The object the event concerns, as ``node(id:)`` serves it (null once it is no longer
    visible to the viewer, e.g. a number transferred away)."""
    raw = info._raw_info
    sid = str(root["node_sid"])
    type_name = node_reads.type_of_sid(sid)
    object_type = raw.schema.get_type(type_name) if type_name else None
    if not isinstance(object_type, GraphQLObjectType):
        return None
    ctx = info.context
    async with ctx.read() as conn:
        found = await node_reads.get_node(
            conn, ctx.viewer, sid, selection_of(raw, object_type), ctx.clock.now()
        )
    return cast(Node | None, found)


@strawberry.type(description="A state change of one of the account's objects (the outbox).")
class NumberEvent(DictBacked, Node):
    sid: str
    account_sid: str
    kind: str = strawberry.field(description=KINDS_DESCRIPTION)
    node_type: str = strawberry.field(description="The GraphQL type of `node`.")
    node_sid: str
    occurred_at: datetime
    data: JSON = strawberry.field(description="What changed (a small JSON object).")
    node: Node | None = strawberry.field(resolver=event_node)
    deliveries: list[WebhookDelivery] = strawberry.field(
        description="Status callback deliveries of this event (empty without a callback URL)."
    )


@strawberry.type
class NumberEventEdge:
    cursor: str
    node: NumberEvent


@strawberry.type
class NumberEventConnection:
    edges: list[NumberEventEdge]
    nodes: list[NumberEvent]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Events matching the filter, all pages.")
