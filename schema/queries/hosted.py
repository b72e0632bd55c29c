"""``hostedNumberOrders``, ``hostedNumberOrder`` and ``authorizationDocuments``."""

from __future__ import annotations

from typing import cast

import strawberry

from resolvers.core.visibility import visible_account_sid
from resolvers.hosted import reads
from resolvers.nodes import read_node
from schema.context import Info
from schema.enums import HostedNumberOrderStatus
from schema.selection import selection_of
from schema.types.hosted import (
    AuthorizationDocumentConnection,
    HostedNumberOrder,
    HostedNumberOrderConnection,
)


@strawberry.type
class HostedQuery:
    @strawberry.field(
        description="Your hosted number orders (or a subaccount's), oldest first, optionally "
        "only those in the given statuses or on one authorization document."
    )
    async def hosted_number_orders(
        self,
        info: Info,
        status: list[HostedNumberOrderStatus] | None = None,
        authorization_document_sid: str | None = None,
        account_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> HostedNumberOrderConnection:
        ctx = info.context
        statuses = None if status is None else [value.value for value in status]
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await reads.list_orders(
                conn,
                owner,
                statuses,
                authorization_document_sid,
                (first, after),
                selection_of(info._raw_info),
                ctx.clock.now(),
            )
        return cast(HostedNumberOrderConnection, result)

    @strawberry.field(description="One of your (or your subaccounts') hosted number orders.")
    async def hosted_number_order(self, info: Info, sid: str) -> HostedNumberOrder | None:
        ctx, selection = info.context, selection_of(info._raw_info)
        async with ctx.read() as conn:
            found = await read_node(
                conn, ctx.viewer, "HostedNumberOrder", sid, selection, ctx.clock.now()
            )
        return cast(HostedNumberOrder | None, found)

    @strawberry.field(
        description="Your letters of authorization (or a subaccount's), oldest first."
    )
    async def authorization_documents(
        self,
        info: Info,
        account_sid: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuthorizationDocumentConnection:
        ctx = info.context
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await reads.list_documents(
                conn, owner, first, after, selection_of(info._raw_info)
            )
        return cast(AuthorizationDocumentConnection, result)
