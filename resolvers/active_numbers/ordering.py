"""The orderings of ``activeNumbers`` and their keyset sort keys.

``ActiveNumberOrderField`` is the one list of orderings: the API's enum wraps it, and
``SORT_KEYS`` is built from it, each member naming its sort key (the name cursors carry).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import assert_never

from sqlalchemy import func, literal

from resolvers.core.tables import owned_numbers as o
from resolvers.reads.pagination import SortKey

# Released numbers have no next billing date; they sort after every real date.
NO_BILLING_DATE = datetime(9999, 12, 31)


class ActiveNumberOrderField(StrEnum):
    PHONE_NUMBER = "PHONE_NUMBER"
    FRIENDLY_NAME = "FRIENDLY_NAME"
    PURCHASED_AT = "PURCHASED_AT"
    NEXT_BILLING_DATE = "NEXT_BILLING_DATE"


def _sort_key(field: ActiveNumberOrderField) -> SortKey:
    """The sort key of ``field``; mypy checks that every ordering has one."""
    name = field.value
    match field:
        case ActiveNumberOrderField.PHONE_NUMBER:
            return SortKey(name, o.c.phone_number, o.c.sid)
        case ActiveNumberOrderField.FRIENDLY_NAME:
            return SortKey(name, o.c.friendly_name, o.c.sid)
        case ActiveNumberOrderField.PURCHASED_AT:
            return SortKey(name, o.c.purchased_at, o.c.sid, is_time=True)
        case ActiveNumberOrderField.NEXT_BILLING_DATE:
            no_date = literal(NO_BILLING_DATE, o.c.next_billing_date.type)
            billing_date = func.coalesce(o.c.next_billing_date, no_date)
            return SortKey(name, billing_date, o.c.sid, is_time=True)
    assert_never(field)


SORT_KEYS: dict[str, SortKey] = {field: _sort_key(field) for field in ActiveNumberOrderField}
