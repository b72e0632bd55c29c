"""The orderings of ``activeNumbers`` and their keyset sort keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, literal

from resolvers.core.tables import owned_numbers as o
from resolvers.reads.pagination import SortKey

# Released numbers have no next billing date; they sort after every real date.
NO_BILLING_DATE = datetime(9999, 12, 31)

SORT_KEYS: dict[str, SortKey] = {
    "PHONE_NUMBER": SortKey("PHONE_NUMBER", o.c.phone_number, o.c.sid),
    "FRIENDLY_NAME": SortKey("FRIENDLY_NAME", o.c.friendly_name, o.c.sid),
    "PURCHASED_AT": SortKey("PURCHASED_AT", o.c.purchased_at, o.c.sid, is_time=True),
    "NEXT_BILLING_DATE": SortKey(
        "NEXT_BILLING_DATE",
        func.coalesce(o.c.next_billing_date, literal(NO_BILLING_DATE, o.c.next_billing_date.type)),
        o.c.sid,
        is_time=True,
    ),
}
