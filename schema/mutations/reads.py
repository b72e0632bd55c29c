"""Reading back what the account mutations wrote, for exactly the selection asked for.

The companions of ``support.read_number`` and ``support.read_transaction``: each read runs after
the write transaction committed and sees only what the viewer may see.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from resolvers.accounts.addresses import get_address
from resolvers.accounts.reads import get_account
from resolvers.accounts.resources import ResourceKind, get_resource
from resolvers.core.tables import addresses
from resolvers.core.visibility import visible_owners
from resolvers.reads.selection import SelectionTree
from schema.context import Info, RequestContext
from schema.selection import selection_of


def mutation_selection(info: Info) -> SelectionTree:
    """The selection under the mutation field (its payload's fields)."""
    raw: GraphQLResolveInfo[Any] = info._raw_info
    return selection_of(raw)


async def read_account(
    ctx: RequestContext, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    async with ctx.read() as conn:
        return await get_account(conn, ctx.viewer, sid, selection)


async def read_address(
    ctx: RequestContext, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    owners = addresses.c.account_sid.in_(visible_owners(ctx.viewer))
    async with ctx.read() as conn:
        return await get_address(conn, sid, owners, selection)


async def read_resource(
    ctx: RequestContext, kind: ResourceKind, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    async with ctx.read() as conn:
        return await get_resource(conn, kind, sid, visible_owners(ctx.viewer), selection)
