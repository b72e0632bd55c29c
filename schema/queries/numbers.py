"""The Query root: each field hands its selection to one look-ahead read in ``resolvers``."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from graphql import GraphQLObjectType, GraphQLResolveInfo

from resolvers import nodes as node_reads
from resolvers.accounts import reads as account_reads
from resolvers.active_numbers import filters as plain_filters
from resolvers.active_numbers import query as number_reads
from resolvers.core.errors import InvalidInput, NotFound
from resolvers.core.phone import parse_e164
from resolvers.core.visibility import visible_account_sid
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.reads import ActiveNumberFilter, ActiveNumberOrder
from schema.selection import selection_of
from schema.types.account import Account
from schema.types.active_number import ActiveNumber, ActiveNumberConnection
from schema.types.common import Node


def _raw(info: Info) -> GraphQLResolveInfo[Any]:
    return info._raw_info


@strawberry.type
class Query:
    @strawberry.field(description="The authenticated account.")
    async def viewer(self, info: Info) -> Account:
        ctx = info.context
        async with ctx.read() as conn:
            found = await account_reads.get_account(
                conn, ctx.viewer, ctx.viewer.sid, selection_of(_raw(info))
            )
        if found is None:
            raise NotFound("the authenticated account no longer exists")
        return cast(Account, found)

    @strawberry.field(description="The viewer or one of its subaccounts; null otherwise.")
    async def account(self, info: Info, sid: str) -> Account | None:
        ctx = info.context
        async with ctx.read() as conn:
            found = await account_reads.get_account(conn, ctx.viewer, sid, selection_of(_raw(info)))
        return cast(Account | None, found)

    @strawberry.field(
        description=(
            "The numbers of the viewer, or of the subaccount named by accountSid. "
            "first defaults to 50 and may not exceed 1000."
        )
    )
    async def active_numbers(
        self,
        info: Info,
        account_sid: str | None = None,
        filter: ActiveNumberFilter | None = None,
        order_by: ActiveNumberOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> ActiveNumberConnection:
        ctx = info.context
        async with ctx.read() as conn:
            owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            result = await number_reads.list_active_numbers(
                conn,
                account_sid=owner,
                flt=to_plain(filter, plain_filters.ActiveNumberFilter) if filter else None,
                order=to_plain(order_by, number_reads.ActiveNumberOrder) if order_by else None,
                page_args=number_reads.PageArgs(first, after, last, before),
                selection=selection_of(_raw(info)),
                now=ctx.clock.now(),
            )
        return cast(ActiveNumberConnection, result)

    @strawberry.field(
        description="One number of the viewer (or of the subaccount named by accountSid), "
        "by sid or by E.164 phone number; null when there is none."
    )
    async def active_number(
        self,
        info: Info,
        sid: str | None = None,
        phone_number: str | None = None,
        account_sid: str | None = None,
    ) -> ActiveNumber | None:
        if (sid is None) == (phone_number is None):
            raise InvalidInput("pass exactly one of `sid` and `phoneNumber`", field=["sid"])
        number = parse_e164(phone_number, ["phoneNumber"]) if phone_number is not None else None
        ctx = info.context
        async with ctx.read() as conn:
            try:
                owner = await visible_account_sid(conn, ctx.viewer, account_sid, ["accountSid"])
            except NotFound:
                return None
            found = await number_reads.get_active_number(
                conn,
                owners=number_reads.owned_by(owner),
                sid=sid,
                phone_number=number,
                selection=selection_of(_raw(info)),
                now=ctx.clock.now(),
            )
        return cast(ActiveNumber | None, found)

    @strawberry.field(
        description="Any object by its id (a sid) that the viewer can see: its own, or its "
        "subaccounts'. Null otherwise."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        raw = _raw(info)
        type_name = node_reads.type_of_sid(str(id))
        if type_name is None:
            return None
        object_type = raw.schema.get_type(type_name)
        if not isinstance(object_type, GraphQLObjectType):
            return None
        ctx = info.context
        async with ctx.read() as conn:
            found = await node_reads.get_node(
                conn, ctx.viewer, str(id), selection_of(raw, object_type), ctx.clock.now()
            )
        return cast(Node | None, found)
