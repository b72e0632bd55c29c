"""``lookup(phoneNumber)``: what is known of any number (not only the catalog's).

Sources, best first: the ``number_lookups`` table (carrier data, e.g. from
``numbers-gateway import-lookups``); else the catalog row (its
type and SMS capability; no carrier name); else ``phonenumbers`` alone (the numbering plan's
line type, and a carrier name where the plan records one, as for mobile ranges). One
statement reads both tables.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberType
from sqlalchemy import String, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.enums import NumberType
from resolvers.core.phone import national_format, parse_e164
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import number_lookups as nl


class LineType(StrEnum):
    """The kind of line a number is."""

    LANDLINE = "LANDLINE"
    MOBILE = "MOBILE"
    VOIP = "VOIP"
    TOLLFREE = "TOLLFREE"
    SHARED_COST = "SHARED_COST"
    PREMIUM_RATE = "PREMIUM_RATE"
    # The numbering plan cannot tell (as in the US and Canada, where landlines and mobiles share
    # their ranges): only carrier data, e.g. an imported lookup, says which.
    FIXED_LINE_OR_MOBILE = "FIXED_LINE_OR_MOBILE"
    UNKNOWN = "UNKNOWN"


LINE_TYPES = tuple(LineType)
LINE_TYPE_OF_CATALOG_TYPE = {
    NumberType.LOCAL: LineType.LANDLINE,
    NumberType.NATIONAL: LineType.LANDLINE,
    NumberType.MOBILE: LineType.MOBILE,
    NumberType.MACHINE_TO_MACHINE: LineType.MOBILE,
    NumberType.TOLLFREE: LineType.TOLLFREE,
    NumberType.VOIP: LineType.VOIP,
    NumberType.SHARED_COST: LineType.SHARED_COST,
}
LINE_TYPE_OF_PLAN = {
    PhoneNumberType.FIXED_LINE: LineType.LANDLINE,
    PhoneNumberType.MOBILE: LineType.MOBILE,
    PhoneNumberType.TOLL_FREE: LineType.TOLLFREE,
    PhoneNumberType.VOIP: LineType.VOIP,
    PhoneNumberType.SHARED_COST: LineType.SHARED_COST,
    PhoneNumberType.PREMIUM_RATE: LineType.PREMIUM_RATE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: LineType.FIXED_LINE_OR_MOBILE,
}


async def lookup_number(conn: AsyncConnection, phone_number: str) -> dict[str, Any]:
    """The ``NumberLookup`` dict; InvalidInput naming ``phoneNumber`` for an invalid number."""
    e164 = parse_e164(phone_number, ["phoneNumber"])
    parsed = phonenumbers.parse(e164)
    known = await _known(conn, e164)
    result: dict[str, Any] = {
        "phone_number": e164,
        "country_code": phonenumbers.region_code_for_number(parsed),
        "national_format": national_format(e164),
    }
    if known is not None and known.number_type is not None:
        line_type = known.number_type if known.number_type in LINE_TYPES else LineType.UNKNOWN
        name, messaging = known.carrier_name, known.messaging_enabled
    elif known is not None and known.catalog_type is not None:
        line_type = LINE_TYPE_OF_CATALOG_TYPE.get(known.catalog_type, LineType.UNKNOWN)
        name, messaging = None, known.sms_capable
    else:
        line_type = LINE_TYPE_OF_PLAN.get(phonenumbers.number_type(parsed), LineType.UNKNOWN)
        name, messaging = _plan_carrier_name(parsed), None
    result["carrier"] = {"name": name, "type": line_type}
    result["messaging_enabled"] = None if messaging is None else bool(messaging)
    return result


async def _known(conn: AsyncConnection, e164: str) -> Any:
    """The lookup row and the catalog row of ``e164`` side by side (either may be absent)."""
    asked = select(literal(e164, String).label("phone_number")).subquery()
    statement = select(
        nl.c.number_type,
        nl.c.carrier_name,
        nl.c.messaging_enabled,
        c.c.type.label("catalog_type"),
        c.c.sms_capable,
    ).select_from(
        asked.outerjoin(nl, nl.c.phone_number == asked.c.phone_number).outerjoin(
            c, c.c.phone_number == asked.c.phone_number
        )
    )
    return (await conn.execute(statement)).first()


def _plan_carrier_name(parsed: phonenumbers.PhoneNumber) -> str | None:
    """The carrier the numbering plan records for the number's range, if any. Its data is
    imported on the first such lookup: ~7 MB that a worker never asked for it does not hold
    (issue 12 item 6)."""
    from phonenumbers import carrier

    name: str = carrier.name_for_number(parsed, "en")
    return name or None
