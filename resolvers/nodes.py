"""``node(id:)``: any object by its sid, visible when it belongs to the viewer or to one of
its subaccounts (an explicit id is an explicit naming, as a parent may do)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.addresses import get_address
from resolvers.accounts.reads import get_account
from resolvers.accounts.resources import KINDS, get_resource
from resolvers.active_numbers.query import get_active_number
from resolvers.active_numbers.shape import MESSAGING_SERVICE
from resolvers.billing.transactions import get_transaction
from resolvers.core.sids import SID_PREFIXES, is_sid
from resolvers.core.tables import (
    addresses,
    ledger_entries,
    messaging_services,
    owned_numbers,
)
from resolvers.core.visibility import Viewer, visible_owners
from resolvers.events.reads import get_event_node
from resolvers.hosted.reads import get_hosted_node
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

NODE_TYPES = (
    "Account",
    "ActiveNumber",
    "Address",
    "MessagingService",
    "Transaction",
    "Application",
    "Trunk",
    "IdentityDocument",
    "HostedNumberOrder",
    "AuthorizationDocument",
    "NumberEvent",
)


def type_of_sid(sid: str) -> str | None:
    """The GraphQL type a sid names, when it is one ``node`` can serve."""
    if not is_sid(sid):
        return None
    type_name = SID_PREFIXES.get(sid[:2])
    return type_name if type_name in NODE_TYPES else None


async def get_node(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> dict[str, Any] | None:
    type_name = type_of_sid(sid)
    if type_name == "Account":
        return await get_account(conn, viewer, sid, selection)
    if type_name == "ActiveNumber":
        owners = owned_numbers.c.account_sid.in_(visible_owners(viewer))
        return await get_active_number(
            conn, owners=owners, sid=sid, phone_number=None, selection=selection, now=now
        )
    if type_name == "Address":
        owner = addresses.c.account_sid.in_(visible_owners(viewer))
        return await get_address(conn, sid, owner, selection)
    if type_name == "MessagingService":
        owner = messaging_services.c.account_sid.in_(visible_owners(viewer))
        ms = messaging_services.c
        return await read_one(conn, MESSAGING_SERVICE, selection, ms.sid, ms.sid == sid, owner)
    if type_name == "Transaction":
        owner = ledger_entries.c.account_sid.in_(visible_owners(viewer))
        return await get_transaction(conn, sid, owner, selection)
    if type_name in ("HostedNumberOrder", "AuthorizationDocument"):
        return await get_hosted_node(conn, type_name, sid, visible_owners(viewer), selection)
    if type_name == "NumberEvent":
        return await get_event_node(conn, sid, visible_owners(viewer), selection)
    if type_name in KINDS:
        return await get_resource(conn, KINDS[type_name], sid, visible_owners(viewer), selection)
    return None
