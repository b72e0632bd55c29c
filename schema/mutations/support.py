"""What every mutation does around its use-case: userErrors, and reading results back.

A use-case returns sids; the payload's objects are then read with the look-ahead projection
for exactly the selection the client asked for (after the write transaction committed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from resolvers.active_numbers.query import get_active_number
from resolvers.billing.transactions import get_transaction
from resolvers.core.errors import GatewayError
from resolvers.core.tables import ledger_entries, owned_numbers
from resolvers.core.visibility import visible_owners
from resolvers.reads.selection import SelectionTree
from schema.context import RequestContext
from schema.types.errors import user_error


async def guarded(
    fields: tuple[str, ...], run: Callable[[], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """The payload: ``run()``'s fields, or every field null plus the userError."""
    try:
        values = await run()
    except GatewayError as error:
        return {**dict.fromkeys(fields), "user_errors": [user_error(error)]}
    return {**values, "user_errors": []}


async def read_number(
    ctx: RequestContext, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    owners = owned_numbers.c.account_sid.in_(visible_owners(ctx.viewer))
    async with ctx.read() as conn:
        return await get_active_number(
            conn,
            owners=owners,
            sid=sid,
            phone_number=None,
            selection=selection,
            now=ctx.clock.now(),
        )


async def read_transaction(
    ctx: RequestContext, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    owners = ledger_entries.c.account_sid.in_(visible_owners(ctx.viewer))
    async with ctx.read() as conn:
        return await get_transaction(conn, sid, owners, selection)
