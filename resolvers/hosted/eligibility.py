"""Whether a number may be hosted here (REFERENCE.md, "Hosted numbers", Eligible).

In this order: US or CA only [22103]; not a number of this network (in its catalog: for
sale, in use, released or aging) and without an open order anywhere [22110]. Then a number
whose carrier ``lookup`` does not know (no carrier data: the numbering plan alone cannot tell a
landline from a mobile in North America) is accepted as an order that fails at once, as a
provider's intake would, with the failure reason "carrier information is unavailable"; once
carrier data is known (``numbers-gateway import-lookups``): a landline or toll-free line, not
mobile, VoIP or unknown [22110]; not messaging-enabled with another provider [22110]. The
partial unique index on open orders settles two concurrent orders for one number. Ownership is
already proven (``verified_caller_id``) only when the number is a verified caller ID of the
ordering account itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.lookup import lookup_number
from resolvers.core.errors import GatewayError
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.tables import verified_caller_ids as v
from resolvers.hosted.statuses import FINAL
from resolvers.provisioning.inventory import DEPARTED

HOSTABLE_COUNTRIES = ("US", "CA")
HOSTABLE_LINE_TYPES = ("LANDLINE", "TOLLFREE")
FIELD = ["input", "phoneNumber"]


@dataclass(frozen=True)
class Hostable:
    phone_number: str
    iso_country: str
    line_type: str
    verified_caller_id: bool
    carrier_known: bool = True


async def check_hostable(conn: AsyncConnection, e164: str, account_sid: str) -> Hostable:
    country = phonenumbers.region_code_for_number(phonenumbers.parse(e164))
    if country not in HOSTABLE_COUNTRIES:
        raise GatewayError(
            f"{e164} is a {country} number; only US and CA numbers can be hosted",
            field=FIELD,
            code="HOSTED_UNSUPPORTED_COUNTRY",
        )
    await _check_not_here(conn, e164)
    found = await lookup_number(conn, e164)
    line_type = found["carrier"]["type"]
    if found["carrier"]["name"] is None:
        return Hostable(e164, country, line_type, False, carrier_known=False)
    if line_type not in HOSTABLE_LINE_TYPES:
        raise GatewayError(
            f"{e164} is a {line_type} line; only landline and toll-free numbers can be hosted",
            field=FIELD,
            code="HOSTED_NUMBER_NOT_HOSTABLE",
        )
    if found["messaging_enabled"]:
        carrier = found["carrier"]["name"] or "another provider"
        raise GatewayError(
            f"{e164} is already messaging-enabled with {carrier}; have it disabled there first",
            field=FIELD,
            code="HOSTED_NUMBER_MESSAGING_ENABLED",
        )
    verified = await conn.scalar(
        select(v.c.account_sid).where(v.c.phone_number == e164, v.c.account_sid == account_sid)
    )
    return Hostable(e164, country, line_type, verified is not None)


async def _check_not_here(conn: AsyncConnection, e164: str) -> None:
    state = await conn.scalar(select(c.c.state).where(c.c.phone_number == e164))
    if state is not None and state != DEPARTED:  # a hosted number released for good may return
        where = "in use on" if state == "assigned" else "in the inventory of"
        raise GatewayError(
            f"{e164} is {where} this network already: only numbers of other carriers are hosted",
            field=FIELD,
            code="HOSTED_NUMBER_ALREADY_HOSTED",
        )
    open_order = await conn.scalar(
        select(h.c.sid).where(h.c.phone_number == e164, h.c.status.not_in(FINAL))
    )
    if open_order is not None:
        raise GatewayError(
            f"{e164} already has an open hosted number order",
            field=FIELD,
            code="HOSTED_NUMBER_ALREADY_HOSTED",
        )
