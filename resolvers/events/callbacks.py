"""Where an event's webhook goes: the status callback (URL and method) of the node it concerns.

Looked up by node type, generically: a table that other features add (hosted number orders)
is found in the shared metadata by name, so this module needs no import of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import metadata

# node type -> (table, its sid column, its status callback URL column, its method column)
CALLBACK_COLUMNS = {
    "ActiveNumber": ("owned_numbers", "sid", "status_callback", "status_callback_method"),
    "HostedNumberOrder": (
        "hosted_number_orders",
        "sid",
        "status_callback_url",
        "status_callback_method",
    ),
}
DEFAULT_METHOD = "POST"


@dataclass(frozen=True)
class StatusCallback:
    url: str
    method: str = DEFAULT_METHOD  # GET: the event in the query string; POST: a JSON body


async def status_callback(
    conn: AsyncConnection, node_type: str, node_sid: str
) -> StatusCallback | None:
    """The node's status callback, or None (no URL, or a node type without one)."""
    where = CALLBACK_COLUMNS.get(node_type)
    if where is None:
        return None
    table_name, sid_name, url_name, method_name = where
    table = metadata.tables.get(table_name)
    if table is None or url_name not in table.c:
        return None
    row = (
        await conn.execute(
            select(table.c[url_name], table.c[method_name]).where(table.c[sid_name] == node_sid)
        )
    ).first()
    if row is None or not row[0]:
        return None
    return StatusCallback(str(row[0]), str(row[1] or DEFAULT_METHOD))
