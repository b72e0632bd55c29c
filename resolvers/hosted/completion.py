"""A hosted order's last step: the number becomes an ActiveNumber with origin HOSTED.

On completion, in one transaction:
- the number gets a catalog row if the catalog did not know it (state ``assigned``, never for
  sale; SMS capable, no voice or MMS: hosting moves messaging only, calls keep reaching the
  number through its own carrier), or its existing row becomes ``assigned``;
- billing starts as for a purchase, at the hosted fees: no setup fee and
  ``HOSTED_MONTHLY_FEE_MINOR`` a month, the first month debited now (a PURCHASE ledger entry),
  renewals monthly from then on. Without the balance for it the order waits in
  ACTION_REQUIRED ("add funds") and the timers pass tries again every hour;
- the owned row is IN_USE with the order's friendly name, address and SMS configuration.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing import ledger
from resolvers.billing.cycles import add_month
from resolvers.core.errors import GatewayError
from resolvers.core.sids import new_sid
from resolvers.core.tables import accounts
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.tables import owned_numbers as o
from resolvers.hosted import statuses

HOSTED_MONTHLY_FEE_MINOR = 100
BALANCE_RETRY = timedelta(hours=1)
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
    number_sid = new_sid("PN")
    try:
        await ledger.debit(
            conn,
            ledger.Entry(
                order.account_sid,
                ledger.PURCHASE,
                -HOSTED_MONTHLY_FEE_MINOR,
                f"hosting of {order.phone_number}",
                number_sid,
            ),
            now,
        )
    except GatewayError as error:
        retry = now + BALANCE_RETRY
        if order.status == statuses.ACTION_REQUIRED:
            await conn.execute(
                h.update().where(h.c.sid == order.sid).values(deadline_at=retry, updated_at=now)
            )
        else:
            await statuses.change_status(
                conn,
                order,
                order.status,
                statuses.ACTION_REQUIRED,
                now,
                deadline_at=retry,
                failure_reason=f"add funds to activate the number: {error}",
            )
        return statuses.ACTION_REQUIRED
    await _catalog_row(conn, order)
    await conn.execute(o.insert().values(_owned_row(order, number_sid, now)))
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


def _owned_row(order: Row[Any], sid: str, now: datetime) -> dict[str, Any]:
    return {
        "sid": sid,
        "account_sid": order.account_sid,
        "phone_number": order.phone_number,
        "origin": "HOSTED",
        "status": "IN_USE",
        "setup_fee_minor": 0,
        "monthly_fee_minor": HOSTED_MONTHLY_FEE_MINOR,
        "purchased_at": now,
        "next_billing_date": add_month(now),
        "created_at": now,
        "updated_at": now,
        **{name: getattr(order, name) for name in ORDER_TO_NUMBER},
    }


async def _catalog_row(conn: AsyncConnection, order: Row[Any]) -> None:
    known = await conn.scalar(select(c.c.state).where(c.c.phone_number == order.phone_number))
    if known is not None:
        await conn.execute(
            c.update().where(c.c.phone_number == order.phone_number).values(state="assigned")
        )
        return
    await conn.execute(c.insert().values(hosted_catalog_row(order)))


def hosted_catalog_row(order: Row[Any]) -> dict[str, Any]:
    no_voice: dict[str, Any] = {
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
    sms: dict[str, Any] = {
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
    no_mms: dict[str, Any] = {
        "mms_capable": False,
        "mms_inbound": False,
        "mms_outbound": False,
        "mms_inbound_reachability": "DOMESTIC",
        "mms_inbound_mps": 0,
    }
    return {
        "phone_number": order.phone_number,
        "iso_country": order.iso_country,
        "type": CATALOG_TYPE.get(order.line_type, "LOCAL"),
        "lifecycle": "GENERALLY_AVAILABLE",
        "beta": False,
        "state": "assigned",
        **no_voice,
        **sms,
        **no_mms,
        "address_requirements": "NONE",
        "identity_required": False,
        "setup_fee_minor": 0,
        "monthly_fee_minor": HOSTED_MONTHLY_FEE_MINOR,
    }
