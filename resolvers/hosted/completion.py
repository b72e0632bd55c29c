"""A hosted order's last step: the number becomes an ActiveNumber with origin HOSTED.

On completion, in one transaction:
- the number gets a catalog row if the catalog did not know it, or its existing row becomes
  it (state ``assigned``, never for sale; SMS and MMS capable, no voice: hosting moves
  messaging only, calls keep reaching the number through its own carrier);
- billing starts as for a purchase, at the hosted fees: no setup fee and the monthly fee that
  ``pricing`` lists for the country's numbers of that type (LOCAL for a landline, TOLLFREE),
  the first month debited now (a PURCHASE ledger entry), renewals monthly from then on.
  Without the balance for it, or while the catalog lists no such price, the order waits in
  ACTION_REQUIRED (with the reason) and the timers pass tries again every hour;
- the owned row is IN_USE with the order's friendly name, address and SMS configuration;
- the number stops being a verified caller ID: it is hosted now.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing import ledger
from resolvers.billing.cycles import add_month
from resolvers.catalog.pricing import type_price
from resolvers.core.errors import GatewayError
from resolvers.core.sids import new_sid
from resolvers.core.tables import accounts
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.tables import owned_numbers as o
from resolvers.core.tables import verified_caller_ids as v
from resolvers.hosted import statuses

ACTIVATION_RETRY = timedelta(hours=1)
CATALOG_TYPE = {"LANDLINE": "LOCAL", "TOLLFREE": "TOLLFREE"}
ORDER_TO_NUMBER = (
    "friendly_name",
    "address_sid",
    "sms_url",
    "sms_method",
    "sms_fallback_url",
    "sms_fallback_method",
    "sms_application_sid",
)


async def complete(conn: AsyncConnection, order: Row[Any], now: datetime) -> str:
    """TESTING or ACTION_REQUIRED → COMPLETED (or → ACTION_REQUIRED, or FAILED when the
    number was bought here meanwhile, or its account was closed); the new status."""
    failure = await _cannot_complete(conn, order)
    if failure is not None:
        await statuses.change_status(
            conn,
            order,
            order.status,
            statuses.FAILED,
            now,
            deadline_at=None,
            failure_reason=failure,
        )
        return statuses.FAILED
    number_type = CATALOG_TYPE.get(order.line_type, "LOCAL")
    price = await type_price(conn, order.iso_country, number_type)
    if price is None:
        reason = f"no monthly price is listed for {number_type} numbers in {order.iso_country}"
        return await _wait(conn, order, now, f"activation waits for a price: {reason}")
    monthly_fee = price[1]
    number_sid = new_sid("PN")
    try:
        await _charge_first_month(conn, order, number_sid, monthly_fee, now)
    except GatewayError as error:
        return await _wait(conn, order, now, f"add funds to activate the number: {error}")
    await _catalog_row(conn, order, number_type, monthly_fee)
    await conn.execute(o.insert().values(_owned_row(order, number_sid, monthly_fee, now)))
    await conn.execute(v.delete().where(v.c.phone_number == order.phone_number))
    await statuses.change_status(
        conn,
        order,
        order.status,
        statuses.COMPLETED,
        now,
        deadline_at=None,
        failure_reason=None,
        active_number_sid=number_sid,
    )
    return statuses.COMPLETED


async def _charge_first_month(
    conn: AsyncConnection, order: Row[Any], number_sid: str, monthly_fee: int, now: datetime
) -> None:
    """The first month's PURCHASE entry; INSUFFICIENT_BALANCE when the balance cannot pay."""
    entry = ledger.Entry(
        order.account_sid,
        ledger.PURCHASE,
        -monthly_fee,
        f"hosting of {order.phone_number}",
        number_sid,
    )
    await ledger.debit(conn, entry, now)


async def _wait(conn: AsyncConnection, order: Row[Any], now: datetime, reason: str) -> str:
    """ACTION_REQUIRED with ``reason``, tried again in an hour."""
    retry = now + ACTIVATION_RETRY
    if order.status == statuses.ACTION_REQUIRED:
        await conn.execute(
            h.update()
            .where(h.c.sid == order.sid)
            .values(deadline_at=retry, failure_reason=reason, updated_at=now)
        )
    else:
        await statuses.change_status(
            conn,
            order,
            order.status,
            statuses.ACTION_REQUIRED,
            now,
            deadline_at=retry,
            failure_reason=reason,
        )
    return statuses.ACTION_REQUIRED


async def _cannot_complete(conn: AsyncConnection, order: Row[Any]) -> str | None:
    """Why the order must fail instead of completing, if it must (a CLOSED account is never
    given an IN_USE number: issue 13, item 6)."""
    if await _in_use_here(conn, order.phone_number):
        return "the number came into use on this network while it was being hosted"
    status = await conn.scalar(select(accounts.c.status).where(accounts.c.sid == order.account_sid))
    if status == "CLOSED":
        return "the account was closed"
    return None


async def _in_use_here(conn: AsyncConnection, phone_number: str) -> bool:
    owner = await conn.scalar(
        select(o.c.sid).where(o.c.phone_number == phone_number, o.c.status == "IN_USE")
    )
    return owner is not None


def _owned_row(order: Row[Any], sid: str, monthly_fee: int, now: datetime) -> dict[str, Any]:
    return {
        "sid": sid,
        "account_sid": order.account_sid,
        "phone_number": order.phone_number,
        "origin": "HOSTED",
        "status": "IN_USE",
        "setup_fee_minor": 0,
        "monthly_fee_minor": monthly_fee,
        "purchased_at": now,
        "next_billing_date": add_month(now),
        "created_at": now,
        "updated_at": now,
        **{name: getattr(order, name) for name in ORDER_TO_NUMBER},
    }


async def _catalog_row(
    conn: AsyncConnection, order: Row[Any], number_type: str, monthly_fee: int
) -> None:
    """The number's catalog row, new or (for a number that left the network) updated."""
    row = hosted_catalog_row(order, number_type, monthly_fee)
    known = await conn.scalar(select(c.c.state).where(c.c.phone_number == order.phone_number))
    if known is None:
        await conn.execute(c.insert().values(row))
        return
    del row["phone_number"]
    await conn.execute(c.update().where(c.c.phone_number == order.phone_number).values(row))


NO_VOICE: dict[str, Any] = {
    "voice_capable": False,
    "voice_inbound": False,
    "voice_outbound": False,
    "voice_e911": False,
    "voice_fax": False,
    "voice_sip_trunking": False,
    "voice_calls_per_second": 0,
    "voice_concurrent_calls_limit": 0,
    "voice_long_record_length": 0,
    "voice_inbound_called_dtmf": False,
    "voice_inbound_caller_dtmf": False,
    "voice_caller_id_preservation": "NONE",
    "voice_inbound_reachability": "DOMESTIC",
    "voice_codecs": "",
}
SMS: dict[str, Any] = {
    "sms_capable": True,
    "sms_inbound": True,
    "sms_outbound": True,
    "sms_gsm7": True,
    "sms_ucs2": True,
    "sms_gsm7_concatenation": True,
    "sms_ucs2_concatenation": True,
    "sms_sender_id_preservation": "DOMESTIC",
    "sms_inbound_reachability": "DOMESTIC",
    "sms_inbound_mps": -1,
}
MMS: dict[str, Any] = {
    "mms_capable": True,
    "mms_inbound": True,
    "mms_outbound": True,
    "mms_inbound_reachability": "DOMESTIC",
    "mms_inbound_mps": -1,
}


def hosted_catalog_row(order: Row[Any], number_type: str, monthly_fee: int) -> dict[str, Any]:
    """A hosted number's catalog row: messaging (SMS and MMS) here, voice with its carrier."""
    return {
        "phone_number": order.phone_number,
        "iso_country": order.iso_country,
        "type": number_type,
        "lifecycle": "GENERALLY_AVAILABLE",
        "beta": False,
        "state": "assigned",
        **NO_VOICE,
        **SMS,
        **MMS,
        "address_requirements": "NONE",
        "identity_required": False,
        "setup_fee_minor": 0,
        "monthly_fee_minor": monthly_fee,
    }
