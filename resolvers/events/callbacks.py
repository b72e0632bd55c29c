"""Where an event's webhook goes: the status callback URL of the node it concerns.

Looked up by node type, generically: a table that other features add (hosted number orders)
is found in the shared metadata by name, so this module needs no import of theirs.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import metadata

# node type -> (table, its sid column, its status callback URL column)
CALLBACK_COLUMNS = {
    "ActiveNumber": ("owned_numbers", "sid", "status_callback"),
    "HostedNumberOrder": ("hosted_number_orders", "sid", "status_callback_url"),
}


async def status_callback(conn: AsyncConnection, node_type: str, node_sid: str) -> str | None:
    """The node's status callback URL, or None (no URL, or a node type without one)."""
    where = CALLBACK_COLUMNS.get(node_type)
    if where is None:
        return None
    table_name, sid_name, url_name = where
    table = metadata.tables.get(table_name)
    if table is None or url_name not in table.c:
        return None
    url = await conn.scalar(select(table.c[url_name]).where(table.c[sid_name] == node_sid))
    return str(url) if url else None
