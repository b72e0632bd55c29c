"""createMessagingService, add/removeNumberToMessagingService and the service reads.

A service belongs to one account; its pool is that account's IN_USE numbers whose
``messaging_service_sid`` names it. Only a number in use (IN_USE) and SMS-capable (its catalog
row's ``sms_capable``) may join: a released one is MESSAGING_SERVICE_NUMBER_NOT_IN_USE, one
without SMS MESSAGING_SERVICE_NUMBER_NOT_SMS_CAPABLE [21715]. A number is in at most one
service [21712]; a pool holds at most ``max_pool_size`` numbers, 400 by default [21714].
Anything the caller may not see, or a number that is not the service account's or (on removal)
not in use or not in the pool, is NOT_FOUND.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.active_numbers.shape import MESSAGING_SERVICE
from resolvers.core.enums import EventKind
from resolvers.core.errors import GatewayError, InvalidInput, NotFound
from resolvers.core.naming import friendly_name
from resolvers.core.sids import new_sid
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import messaging_services as m
from resolvers.core.tables import owned_numbers as o
from resolvers.core.tables import sticky_senders
from resolvers.events.outbox import record_event
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

DEFAULT_POOL_SIZE = 400
# Twilio raises a pool past 400 only on request; the API may loosen this bound, never tighten it.
MAX_POOL_SIZE = 400

SERVICE_FIELD = ["input", "messagingServiceSid"]
NUMBER_FIELD = ["input", "numberSid"]

OLDEST_FIRST = Listing(m, MESSAGING_SERVICE, SortKey("CREATED_AT", m.c.created_at, m.c.sid, True))


@dataclass(frozen=True)
class NewMessagingService:
    friendly_name: str
    sticky_sender: bool = False
    max_pool_size: int = DEFAULT_POOL_SIZE


async def create_service(
    conn: AsyncConnection, account_sid: str, service: NewMessagingService, now: datetime
) -> str:
    name = friendly_name(service.friendly_name, ["input", "friendlyName"])
    if not 1 <= service.max_pool_size <= MAX_POOL_SIZE:
        raise InvalidInput(
            f"must be between 1 and {MAX_POOL_SIZE} (got {service.max_pool_size})",
            field=["input", "maxPoolSize"],
        )
    sid = new_sid("MG")
    await conn.execute(
        m.insert().values(
            sid=sid,
            account_sid=account_sid,
            friendly_name=name,
            sticky_sender=service.sticky_sender,
            max_pool_size=service.max_pool_size,
            created_at=now,
        )
    )
    return sid


async def visible_service(
    conn: AsyncConnection, owners: ColumnElement[bool], sid: str, *, lock: bool = False
) -> Row[Any]:
    """The service ``sid`` if an account matching ``owners`` has it (locked when asked)."""
    statement = select(m).where(m.c.sid == sid, owners)
    if lock:
        statement = statement.with_for_update()
    row = (await conn.execute(statement)).first()
    if row is None:
        raise NotFound(f"no messaging service {sid!r} is visible to you", field=SERVICE_FIELD)
    return row


def sms_capable() -> ColumnElement[bool]:
    """The owned number's catalog row says it can send and receive SMS (it may lose that)."""
    capable = select(c.c.phone_number).where(c.c.phone_number == o.c.phone_number, c.c.sms_capable)
    return capable.exists()


async def _service_number(
    conn: AsyncConnection, service: Row[Any], number_sid: str, *, joining: bool = False
) -> Row[Any]:
    """The service account's number ``number_sid``, locked: IN_USE (and, ``joining``,
    SMS-capable), else refused (NOT_FOUND, or the named reason when it is joining)."""
    statement = select(o, sms_capable().label("sms_capable")).where(
        o.c.sid == number_sid, o.c.account_sid == service.account_sid
    )
    if not joining:
        statement = statement.where(o.c.status == "IN_USE")
    row = (await conn.execute(statement.with_for_update(of=o))).first()
    if row is None:
        raise NotFound(
            f"no number {number_sid!r} in use by the service's account is visible to you",
            field=NUMBER_FIELD,
        )
    if joining and row.status != "IN_USE":
        raise GatewayError(
            f"number {number_sid!r} is {row.status}, not IN_USE: only numbers in use join a pool",
            field=NUMBER_FIELD,
            code="MESSAGING_SERVICE_NUMBER_NOT_IN_USE",
        )
    if joining and not row.sms_capable:
        raise GatewayError(
            f"number {number_sid!r} cannot send SMS, so it cannot join a messaging service",
            field=NUMBER_FIELD,
            code="MESSAGING_SERVICE_NUMBER_NOT_SMS_CAPABLE",
        )
    return row


async def pool_size(conn: AsyncConnection, service_sid: str) -> int:
    count = select(func.count()).where(
        o.c.messaging_service_sid == service_sid, o.c.status == "IN_USE"
    )
    return int(await conn.scalar(count) or 0)


async def add_number(
    conn: AsyncConnection,
    owners: ColumnElement[bool],
    service_sid: str,
    number_sid: str,
    now: datetime,
) -> str:
    """Put the number in the pool (a no-op when it is there already); the service sid.

    The service row is locked first, so two additions racing for a pool's last place are
    serialized and the size check holds (PostgreSQL; SQLite writers are serial anyway).
    """
    service = await visible_service(conn, owners, service_sid, lock=True)
    number = await _service_number(conn, service, number_sid, joining=True)
    if number.messaging_service_sid == service_sid:
        return service_sid
    if number.messaging_service_sid is not None:
        raise GatewayError(
            f"number {number_sid!r} is already in messaging service "
            f"{number.messaging_service_sid!r}; remove it from there first",
            field=NUMBER_FIELD,
            code="MESSAGING_SERVICE_NUMBER_IN_USE",
        )
    if await pool_size(conn, service.sid) >= service.max_pool_size:
        raise GatewayError(
            f"messaging service {service.sid!r} already holds {service.max_pool_size} numbers",
            field=SERVICE_FIELD,
            code="MESSAGING_SERVICE_FULL",
        )
    await conn.execute(
        o.update()
        .where(o.c.sid == number_sid)
        # rank 0: a newcomer is the least recently used member, so it is picked next
        .values(messaging_service_sid=service_sid, selection_rank=0, updated_at=now)
    )
    await _membership_event(conn, service, number, EventKind.MESSAGING_SERVICE_NUMBER_ADDED, now)
    return service_sid


async def remove_number(
    conn: AsyncConnection,
    owners: ColumnElement[bool],
    service_sid: str,
    number_sid: str,
    now: datetime,
) -> str:
    """Take the number out of the pool (and out of the service's sticky senders)."""
    service = await visible_service(conn, owners, service_sid, lock=True)
    number = await _service_number(conn, service, number_sid)
    if number.messaging_service_sid != service.sid:
        raise NotFound(
            f"number {number_sid!r} is not in messaging service {service.sid!r}",
            field=NUMBER_FIELD,
        )
    await conn.execute(
        o.update()
        .where(o.c.sid == number_sid)
        .values(messaging_service_sid=None, selection_rank=0, updated_at=now)
    )
    await conn.execute(
        sticky_senders.delete().where(
            sticky_senders.c.messaging_service_sid == service.sid,
            sticky_senders.c.number_sid == number_sid,
        )
    )
    await _membership_event(conn, service, number, EventKind.MESSAGING_SERVICE_NUMBER_REMOVED, now)
    return service_sid


async def _membership_event(
    conn: AsyncConnection, service: Row[Any], number: Row[Any], kind: EventKind, now: datetime
) -> None:
    """The pool changed: one event on the number, in the service account's feed."""
    await record_event(
        conn,
        account_sid=service.account_sid,
        kind=kind,
        node_type="ActiveNumber",
        node_sid=number.sid,
        now=now,
        data={"phoneNumber": number.phone_number, "messagingServiceSid": service.sid},
    )


async def get_service(
    conn: AsyncConnection, sid: str, owners: ColumnElement[bool], selection: SelectionTree
) -> dict[str, Any] | None:
    return await read_one(conn, MESSAGING_SERVICE, selection, m.c.sid, m.c.sid == sid, owners)


async def list_services(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
) -> dict[str, Any]:
    where = [m.c.account_sid == account_sid]
    return await read_page(conn, OLDEST_FIRST, where, first, after, selection)
