"""One row of a lookup import (``numbers-gateway import-lookups``): carrier data for a number.

Columns, all required: ``phone_number`` (E.164), ``carrier_name``, ``line_type`` (``LANDLINE``,
``MOBILE``, ``VOIP``, ``TOLLFREE``, ``SHARED_COST`` or ``PREMIUM_RATE``: carrier data says which,
so the numbering plan's ``FIXED_LINE_OR_MOBILE`` and ``UNKNOWN`` are refused) and
``messaging_enabled`` (true/false: messaging is on with the number's current provider). What
``lookup`` answers, and what hosting checks, comes from these rows first.
"""

from __future__ import annotations

from typing import Any

from resolvers.catalog import import_fields as f
from resolvers.catalog.lookup import LineType

REQUIRED = ("phone_number", "carrier_name", "line_type", "messaging_enabled")
OPTIONAL: tuple[str, ...] = ()
VAGUE = (LineType.FIXED_LINE_OR_MOBILE, LineType.UNKNOWN)


def lookup_row(fields: f.Fields) -> dict[str, Any]:
    """The ``number_lookups`` columns of one CSV row."""
    number = f.phone_number(fields)
    carrier = f.text(fields, "carrier_name", 100)
    if carrier is None:
        raise f.RowError("carrier_name", "is required")
    line_type = f.choice(fields, "line_type", LineType)
    if line_type in VAGUE:
        raise f.RowError("line_type", f"{line_type} is not a line type a carrier reports")
    return {
        "phone_number": number.e164,
        "number_type": str(line_type),
        "carrier_name": carrier,
        "messaging_enabled": f.boolean(fields, "messaging_enabled"),
    }
