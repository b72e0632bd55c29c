"""``activeNumbers``' statements, built once per distinct filter, order, page and selection.

Building a page's SELECT (filter conditions, projection, keyset, the ``near`` walk) and its row
reader is pure Python that costs as much as a small page's SQL, and the same reads come again
(a list refreshed, the same page asked by every user of a client). So the built statements are
kept in a bounded LRU keyed by what they are made of: the filter's values, the ordering, the
page request, the selection and the dialect. The account is a bind parameter (``OWNER``) given
at execution with the time (``parameters``), so callers share the kept statements and nothing
of one read's caller or time is kept. As for ``availableNumbers`` (``catalog/statements.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from resolvers.active_numbers.filters import ActiveNumberFilter, filter_conditions, filter_params
from resolvers.active_numbers.near_walk import Walk
from resolvers.active_numbers.ordering import SORT_KEYS
from resolvers.active_numbers.shape import ACTIVE_NUMBER, ACTIVE_NUMBER_FROM
from resolvers.activity.rule import activity_params
from resolvers.core.enums import OrderDirection
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.reads.pagination import PageRequest, apply_keyset
from resolvers.reads.projection import Frozen, RowReader, freeze, projection, thaw
from resolvers.reads.selection import SelectionTree

KEPT = 512  # distinct (filter, order, page, selection, dialect); each a few kB of Core objects
OWNER = bindparam("owner_sid", type_=o.c.account_sid.type)


@dataclass(frozen=True, eq=False)
class KeyedFilter:
    """A filter (lists inside: not hashable) hashed and compared by its frozen values."""

    flt: ActiveNumberFilter | None
    key: Hashable

    @classmethod
    def of(cls, flt: ActiveNumberFilter | None) -> KeyedFilter:
        return cls(flt, _frozen_value(flt))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyedFilter) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True)
class PageStatements:
    """A page's SELECT, its row reader, where the sort value and the sid sit in a row, and
    for a ``near`` filter the page-order walk tried first (``near_walk.py``)."""

    statement: Select[Any]
    read: RowReader
    sort_at: int
    sid_at: int
    walk: Select[Any] | None


def parameters(account_sid: str, now: datetime) -> dict[str, Any]:
    """The values a kept statement takes at execution: the account and the time."""
    return {"owner_sid": account_sid, **activity_params(now), **filter_params(now)}


def page_statements(
    flt: ActiveNumberFilter | None,
    order: tuple[str, str],
    page: PageRequest,
    node_selection: SelectionTree,
    dialect: str,
) -> PageStatements:
    """The page's statements (``order``: field and direction), kept."""
    return _kept_page(KeyedFilter.of(flt), order, page, freeze(node_selection), dialect)


@lru_cache(maxsize=KEPT)
def aggregate_statement(keyed: KeyedFilter, dialect: str) -> Select[Any]:
    """``totalCount`` and ``monthlyCost`` of the filtered numbers, kept."""
    return (
        select(func.count(), func.coalesce(func.sum(o.c.monthly_fee_minor), 0))
        .select_from(o.join(c, c.c.phone_number == o.c.phone_number))
        .where(*conditions(keyed.flt, dialect))
    )


def conditions(flt: ActiveNumberFilter | None, dialect: str) -> list[ColumnElement[bool]]:
    """The account's numbers (``OWNER``) that ``flt`` keeps."""
    return [o.c.account_sid == OWNER, *filter_conditions(flt, dialect)]


@lru_cache(maxsize=KEPT)
def _kept_page(
    keyed: KeyedFilter, order: tuple[str, str], page: PageRequest, frozen: Frozen, dialect: str
) -> PageStatements:
    key, descending = SORT_KEYS[order[0]], order[1] == OrderDirection.DESC
    columns, read = projection(ACTIVE_NUMBER, thaw(frozen))  # shared by every page
    sort_at, sid_at = columns.position(key.expression), columns.position(o.c.sid)
    statement = select(*columns.columns).select_from(ACTIVE_NUMBER_FROM)
    statement = apply_keyset(
        statement.where(*conditions(keyed.flt, dialect)), key, page, descending
    )
    walk = Walk(keyed.flt, dialect, key, descending).statement_for(columns.columns, page, OWNER)
    return PageStatements(statement, read, sort_at, sid_at, walk)


def _frozen_value(value: Any) -> Hashable:
    """``value`` as nested tuples: dataclasses by type and fields, lists as tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *(_frozen_value(getattr(value, f.name)) for f in fields))
    if isinstance(value, list | tuple):
        return tuple(_frozen_value(item) for item in value)
    return type(value).__name__, value
