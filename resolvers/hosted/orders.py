"""createHostedNumberOrder and cancelHostedNumberOrder.

A new order is checked (eligibility.py), inserted as TWILIO_PROCESSING and walked through the
automatic intake steps in the same transaction: RECEIVED, then PENDING_VERIFICATION, or — for
a number that is a verified caller ID of the ordering account — VERIFIED and PENDING_LOA; or,
for a number whose carrier is unknown, FAILED with the reason ``CARRIER_UNKNOWN``. Each step is
an event. The next deadline (7 days to verify, or to sign the letter) starts then. The service
address is never a PO box (service_address.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, NotFound
from resolvers.core.phone import parse_e164
from resolvers.core.sids import is_sid, new_sid
from resolvers.core.tables import addresses as a
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.url_policy import UrlPolicy
from resolvers.hosted import contacts, statuses
from resolvers.hosted.documents import cancel_if_empty
from resolvers.hosted.eligibility import Hostable, check_hostable
from resolvers.hosted.service_address import refuse_po_box
from resolvers.hosted.statuses import LOA_WINDOW, VERIFICATION_WINDOW
from resolvers.provisioning.configuration import (
    ConfigurationChange,
    RoutingChange,
    configuration_columns,
)
from resolvers.provisioning.purchase import active_account
from resolvers.provisioning.regulatory import owned_address

INPUT = ["input"]
CARRIER_UNKNOWN = "carrier information is unavailable"
# What a hosted number can be configured for: messaging (voice stays with its carrier).
HOSTED_CAPABILITIES = {"voice_capable": False, "sms_capable": True, "mms_capable": True}


@dataclass(frozen=True)
class NewHostedOrder:
    phone_number: str
    address_sid: str | None
    email: str
    cc_emails: Sequence[str] | None = None
    contact_phone_number: str | None = None
    contact_title: str | None = None
    friendly_name: str | None = None
    sms: RoutingChange | None = None
    status_callback_url: str | None = None
    status_callback_method: str | None = None


async def create_order(
    conn: AsyncConnection,
    account_sid: str,
    order: NewHostedOrder,
    now: datetime,
    policy: UrlPolicy,
) -> str:
    """The new order's sid; ``policy`` says where its callback and SMS URLs may point."""
    await active_account(conn, account_sid)
    e164 = parse_e164(order.phone_number, [*INPUT, "phoneNumber"])
    address_sid = await _address(conn, account_sid, order.address_sid)
    values = await _details(conn, account_sid, e164, order, policy)
    hostable = await check_hostable(conn, e164, account_sid)
    sid = new_sid("HR")
    row = {
        "sid": sid,
        "account_sid": account_sid,
        "phone_number": e164,
        "iso_country": hostable.iso_country,
        "line_type": hostable.line_type,
        "status": statuses.TWILIO_PROCESSING,
        "address_sid": address_sid,
        "created_at": now,
        "updated_at": now,
        **values,
    }
    await conn.execute(h.insert().values(row))
    inserted = await order_row(conn, h.c.sid == sid, sid)
    await statuses.status_event(conn, inserted, "", statuses.TWILIO_PROCESSING, now)
    await _intake(conn, inserted, hostable, now)
    return sid


async def _address(conn: AsyncConnection, account_sid: str, address_sid: str | None) -> str:
    """The named address of the account, or by default its oldest (as a purchase picks);
    never a PO box."""
    field = [*INPUT, "addressSid"]
    if address_sid is not None:
        address = await owned_address(conn, account_sid, address_sid, field)
    else:
        address = await _oldest_address(conn, account_sid, field)
    refuse_po_box(address, field)
    return str(address.sid)


async def _oldest_address(conn: AsyncConnection, account_sid: str, field: list[str]) -> Any:
    oldest = (
        await conn.execute(
            select(a)
            .where(a.c.account_sid == account_sid)
            .order_by(a.c.created_at, a.c.sid)
            .limit(1)
        )
    ).first()
    if oldest is None:
        raise GatewayError(
            "hosting needs the address where the number is served: create one with "
            "createAddress and name it here",
            field=field,
            code="ADDRESS_REQUIRED",
        )
    return oldest


async def _intake(
    conn: AsyncConnection, order: Row[Any], hostable: Hostable, now: datetime
) -> None:
    if not hostable.carrier_known:
        steps = [statuses.TWILIO_PROCESSING, statuses.FAILED]
        await statuses.walk(conn, order, steps, now, failure_reason=CARRIER_UNKNOWN)
        return
    steps = [statuses.TWILIO_PROCESSING, statuses.RECEIVED, statuses.PENDING_VERIFICATION]
    deadline = now + VERIFICATION_WINDOW
    if hostable.verified_caller_id:  # this account proved ownership: no verification call
        steps = [*steps[:2], statuses.VERIFIED, statuses.PENDING_LOA]
        deadline = now + LOA_WINDOW
    await statuses.walk(conn, order, steps, now, deadline_at=deadline)


async def _details(
    conn: AsyncConnection, account_sid: str, e164: str, order: NewHostedOrder, policy: UrlPolicy
) -> dict[str, Any]:
    """The checked contact, name, SMS routing and status callback columns."""
    change = ConfigurationChange(
        friendly_name=order.friendly_name,
        status_callback=order.status_callback_url,
        status_callback_method=order.status_callback_method,
        sms=order.sms,
    )
    number = {"phone_number": e164, **HOSTED_CAPABILITIES}
    try:
        values = await configuration_columns(
            conn,
            account_sid=account_sid,
            number=number,
            current={},
            change=change,
            field=INPUT,
            policy=policy,
        )
    except GatewayError as error:  # the order's input names it statusCallbackUrl
        if error.field == [*INPUT, "statusCallback"]:
            error.field = [*INPUT, "statusCallbackUrl"]
        raise
    values["status_callback_url"] = values.pop("status_callback")
    return {
        **values,
        "email": contacts.email(order.email, [*INPUT, "email"]),
        "cc_emails": contacts.cc_emails(order.cc_emails, [*INPUT, "ccEmails"]),
        "contact_phone_number": contacts.contact_phone(
            order.contact_phone_number, [*INPUT, "contactPhoneNumber"]
        ),
        "contact_title": contacts.contact_title(order.contact_title, [*INPUT, "contactTitle"]),
    }


async def order_row(
    conn: AsyncConnection, visible: ColumnElement[bool], sid: str, *, lock: bool = False
) -> Row[Any]:
    """The order ``sid`` where ``visible`` holds (locked when asked), else NOT_FOUND."""
    if not is_sid(sid, "HR"):
        raise NotFound(f"{sid!r} is not a hosted number order sid (HR…)", field=[*INPUT, "sid"])
    statement = select(h).where(h.c.sid == sid, visible)
    if lock:
        statement = statement.with_for_update()
    row = (await conn.execute(statement)).first()
    if row is None:
        raise NotFound(f"no hosted number order {sid!r} is visible to you", field=[*INPUT, "sid"])
    return row


async def cancel_order(
    conn: AsyncConnection, visible: ColumnElement[bool], sid: str, now: datetime
) -> str:
    """Cancel an order that is not final [22112]; a letter left with no live order is
    CANCELED too."""
    order = await order_row(conn, visible, sid, lock=True)
    statuses.refuse_final(order, [*INPUT, "sid"])
    await statuses.change_status(
        conn,
        order,
        order.status,
        statuses.CANCELED,
        now,
        deadline_at=None,
        failure_reason="canceled by the customer",
    )
    if order.document_sid is not None:
        await cancel_if_empty(conn, order.document_sid, now)
    return sid
