"""The resolver of ``Account.transactions``: the only Account field with arguments.

An Account is served as a dict built by the account projection; that dict carries a
``TransactionsOf`` marker under ``transactions`` (the account was already found visible when it
was read), and this resolver reads one page of that account's ledger.
"""

from __future__ import annotations

from typing import Any, cast

import strawberry

from resolvers.billing.transactions import TransactionsOf, list_transactions
from schema.context import Info
from schema.selection import selection_of
from schema.types.transactions import TransactionConnection


async def account_transactions(
    root: strawberry.Parent[dict[str, Any]],
    info: Info,
    first: int | None = None,
    after: str | None = None,
) -> TransactionConnection:
    owner = root["transactions"]
    if not isinstance(owner, TransactionsOf):
        raise TypeError("an Account was served without its transactions marker")
    ctx = info.context
    async with ctx.read() as conn:
        page = await list_transactions(
            conn, owner.account_sid, first, after, selection_of(info._raw_info)
        )
    return cast(TransactionConnection, page)
