"""``availableNumbers``' statements, built once per distinct search, page and selection.

Building a search's SELECT (conditions, projection, keyset) and SQLAlchemy's cache key for it
is pure Python that costs about as much as the indexed ``contains`` search itself (a few ms),
and the same searches come again (a search box, a page of results refreshed). So the built
statements are kept in a bounded LRU keyed by the validated search, the page request, the
selection and the dialect; the values that change from read to read (the time that decides
what is for sale, the caller whose own holds it finds) are bind parameters given at execution
(``execution_parameters``).
A ``near`` search is kept by its circle too (the point given, or the one ``nearNumber``'s row
gave), beside the search that named it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, literal_column, select

from resolvers.catalog.filters import search_conditions
from resolvers.catalog.near_walk import SORT_KEY, walk_statement
from resolvers.catalog.search import CatalogSearch, number_patterns
from resolvers.catalog.shape import AVAILABLE_NUMBER, HOLDER, NOW, hold_parameters
from resolvers.catalog.text_search import trigram_candidates_first
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.geography import NearFilter
from resolvers.reads.pagination import PageRequest, SortKey, apply_keyset
from resolvers.reads.projection import Frozen, RowReader, freeze, projection, thaw
from resolvers.reads.selection import SelectionTree

KEPT = 512  # distinct (search, page, selection) kept; each is a few kB of Core objects
# The page order of ``SORT_KEY`` (same name, same cursors, same order) through an expression
# no index has, for a page found from its trigram candidates (``trigram_candidates_first``).
CANDIDATES_SORT_KEY = SortKey(
    SORT_KEY.name, c.c.phone_number.op("||")(literal_column("''")), c.c.phone_number
)


@dataclass(frozen=True)
class SearchStatements:
    """The WHERE conditions of a search and, when a page is selected, its SELECT; for a
    ``near`` page also the page-order walk tried first (``near_walk.py``)."""

    conditions: tuple[ColumnElement[bool], ...]
    page: tuple[Select[Any], RowReader, int] | None  # statement, row reader, number position
    walk: Select[Any] | None = None


def execution_parameters(now: datetime, holder: str | None = None) -> dict[str, Any]:
    """The values a kept statement takes at execution: the time and the caller (its holds)."""
    return hold_parameters(holder, now)


def search_statements(
    search: CatalogSearch,
    page: PageRequest,
    node_selection: SelectionTree | None,
    near: NearFilter | None,
    dialect: str,
) -> SearchStatements:
    """``search``'s statements (``search`` already validated), kept."""
    frozen = None if node_selection is None else freeze(node_selection)
    return _kept(search, page, frozen, near, dialect)


@lru_cache(maxsize=KEPT)
def _kept(
    search: CatalogSearch,
    page: PageRequest,
    frozen: Frozen | None,
    near: NearFilter | None,
    dialect: str,
) -> SearchStatements:
    return _build(search, page, frozen, near, dialect)


def _build(
    search: CatalogSearch,
    page: PageRequest,
    frozen: Frozen | None,
    near: NearFilter | None,
    dialect: str,
) -> SearchStatements:
    conditions = search_conditions(search, near=near, dialect=dialect, now=NOW, holder=HOLDER)
    if frozen is None:
        return SearchStatements(tuple(conditions), None)
    columns, read, number_at = page_columns(thaw(frozen))
    statement = select(*columns).select_from(c).where(*conditions)
    key = SORT_KEY
    if near is None and trigram_candidates_first(number_patterns(search), dialect):
        key = CANDIDATES_SORT_KEY
    built = (apply_keyset(statement, key, page, descending=False), read, number_at)
    walk = None
    if near is not None:
        walked = search_conditions(
            search, near=near, dialect=dialect, now=NOW, holder=HOLDER, walk=True
        )
        walk = walk_statement(columns, walked, page, dialect)
    return SearchStatements(tuple(conditions), built, walk)


def page_columns(node_selection: SelectionTree) -> tuple[list[ColumnElement[Any]], RowReader, int]:
    """The page's columns, the row reader, and where the phone number sits in a row."""
    columns, read = projection(AVAILABLE_NUMBER, node_selection)  # shared by every page
    return columns.columns, read, columns.position(c.c.phone_number)
