"""THE read of one object by type name and sid, visible only when it belongs to the viewer or
to one of its subaccounts (an explicit sid is an explicit naming, as a parent may do).

``node(id:)`` reads through it (the type follows from the sid's prefix), and so does every
mutation payload (the type is the use-case's ``NodeRef``). ``NODE_TYPES`` are the types that
implement ``Node``: the schema registers exactly these. ``ReleasedNumber`` is served to payloads
only (its sid is the number's PN sid, which ``node`` reads as the ActiveNumber).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.addresses import get_address
from resolvers.accounts.reads import get_account
from resolvers.accounts.resources import KINDS, get_resource
from resolvers.active_numbers.query import get_active_number
from resolvers.billing.transactions import get_transaction
from resolvers.core.sids import SID_PREFIXES, is_sid
from resolvers.core.tables import (
    addresses,
    authorization_documents,
    hosted_number_orders,
    ledger_entries,
    messaging_services,
    number_orders,
    owned_numbers,
)
from resolvers.core.usecases import NodeRef
from resolvers.core.visibility import Viewer, visible_owners, visible_rows
from resolvers.events.reads import get_event_node
from resolvers.hosted.reads import get_document, get_order
from resolvers.messaging.pools import get_service
from resolvers.orders.reads import get_order as get_number_order
from resolvers.provisioning.released import get_released_number
from resolvers.reads.projection import snake_case
from resolvers.reads.selection import SelectionTree

Found = dict[str, Any] | None
Reader = Callable[[AsyncConnection, Viewer, str, SelectionTree, datetime], Awaitable[Found]]


async def _account(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> Found:
    return await get_account(conn, viewer, sid, selection)


async def _active_number(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> Found:
    owners = visible_rows(viewer, owned_numbers)
    return await get_active_number(
        conn, owners=owners, sid=sid, phone_number=None, selection=selection, now=now
    )


async def _released_number(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> Found:
    """``restorable`` depends on the time of the read."""
    return await get_released_number(conn, sid, visible_rows(viewer, owned_numbers), selection, now)


def _scoped(
    read: Callable[[AsyncConnection, str, ColumnElement[bool], SelectionTree], Awaitable[Found]],
    table: Table,
) -> Reader:
    """A reader of ``table``'s rows whose ``account_sid`` the viewer may name."""

    async def scoped(
        conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
    ) -> Found:
        return await read(conn, sid, visible_rows(viewer, table), selection)

    return scoped


async def _hosted_order(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> Found:
    return await get_order(conn, sid, visible_rows(viewer, hosted_number_orders), selection, now)


async def _number_event(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> Found:
    return await get_event_node(conn, sid, visible_owners(viewer), selection)


def _resource(type_name: str) -> Reader:
    kind = KINDS[type_name]

    async def read(
        conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
    ) -> Found:
        return await get_resource(conn, kind, sid, visible_owners(viewer), selection)

    return read


NODE_READERS: dict[str, Reader] = {
    "Account": _account,
    "ActiveNumber": _active_number,
    "Address": _scoped(get_address, addresses),
    "MessagingService": _scoped(get_service, messaging_services),
    "Transaction": _scoped(get_transaction, ledger_entries),
    "Application": _resource("Application"),
    "Trunk": _resource("Trunk"),
    "IdentityDocument": _resource("IdentityDocument"),
    "HostedNumberOrder": _hosted_order,
    "AuthorizationDocument": _scoped(get_document, authorization_documents),
    "NumberEvent": _number_event,
    "NumberOrder": _scoped(get_number_order, number_orders),
}
NODE_TYPES = tuple(NODE_READERS)
PAYLOAD_READERS: dict[str, Reader] = {
    **NODE_READERS,
    "ReleasedNumber": _released_number,
}


def type_of_sid(sid: str) -> str | None:
    """The GraphQL type a sid names, when it is one ``node`` can serve."""
    if not is_sid(sid):
        return None
    type_name = SID_PREFIXES.get(sid[:2])
    return type_name if type_name in NODE_READERS else None


async def read_node(
    conn: AsyncConnection,
    viewer: Viewer,
    type_name: str,
    sid: str,
    selection: SelectionTree,
    now: datetime,
) -> Found:
    """The selected fields of ``sid`` as a ``type_name``, or None when the viewer cannot see it."""
    return await PAYLOAD_READERS[type_name](conn, viewer, sid, selection, now)


async def get_node(
    conn: AsyncConnection, viewer: Viewer, sid: str, selection: SelectionTree, now: datetime
) -> Found:
    """``node(id:)``: the type follows from the sid."""
    type_name = type_of_sid(sid)
    if type_name is None:
        return None
    return await NODE_READERS[type_name](conn, viewer, sid, selection, now)


async def read_payload_node(
    conn: AsyncConnection, viewer: Viewer, ref: NodeRef, selection: SelectionTree, now: datetime
) -> Found:
    """A payload's node, with the values only its use-case could give (``shown_once``)."""
    found = await read_node(conn, viewer, ref.type_name, ref.sid, selection, now)
    if found is not None:
        for name, value in ref.shown_once.items():
            if name in selection:
                found[snake_case(name)] = value
    return found
