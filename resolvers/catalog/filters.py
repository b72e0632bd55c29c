"""A validated ``CatalogSearch`` as SQL conditions on ``catalog_numbers`` (bound parameters).

Capability flags are exact: ``voiceEnabled: false`` asks for numbers without voice. The
address exclusions follow Twilio's: *all* keeps only numbers needing no address, *local*
drops those needing a local one, *foreign* those needing a foreign one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_

from resolvers.catalog.availability import available_for_sale
from resolvers.catalog.search import CatalogSearch, field, number_patterns
from resolvers.catalog.text_search import pattern_conditions, uses_trigram_lookup
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.geography import NearFilter, near_conditions


def search_conditions(
    search: CatalogSearch,
    *,
    near: NearFilter | None,
    dialect: str,
    now: datetime | ColumnElement[datetime],
    holder: str | ColumnElement[str] | None = None,
    walk: bool = False,
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``search`` (already through ``search.validate``); numbers
    ``holder`` holds are found too (held by anyone else, they are not for sale); ``walk``:
    for the page-order walk (``near_walk.py``), the circle tested row by row."""
    patterns = number_patterns(search)
    country, kind = _market_columns(search, patterns, near, "walk" if walk else dialect)
    conditions: list[ColumnElement[bool]] = [
        country == search.iso_country,
        kind == search.type,
        available_for_sale(now, holder),
    ]
    for pattern in patterns:
        conditions += pattern_conditions(pattern, dialect)
    conditions += _capabilities(search) + _address_exclusions(search)
    if search.beta is False:
        conditions.append(c.c.beta.is_(False))
    conditions += _places(search)
    if near is not None:
        conditions += near_conditions(near, field(), dialect, indexed=not walk)
    return conditions


def _market_columns(
    search: CatalogSearch, patterns: list[Any], near: NearFilter | None, dialect: str
) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The country and type columns, hidden from SQLite's planner when a narrower index
    should drive the search (PostgreSQL's planner weighs these from its statistics).

    SQLite would otherwise walk the whole market through the (country, type, state) index
    and test each row. ``|| ''`` keeps a column out of the plan: both, so that the trigram
    candidates (237 ms → a few ms for *7306 at 1M rows) or the R*Tree's candidates in the
    circle's box (reads/spatial.py) drive it; only the type for a postal code, region or
    locality, whose (country, place) indexes then match more columns than the market's.
    For the page-order walk (``dialect`` "walk", ``near_walk.py``) both are hidden from
    either database: the phone-number range must drive (PostgreSQL would otherwise read the
    walk's range through the market's index, then sort, in parallel workers: 24 ms, not 2).
    """
    country: ColumnElement[Any] = c.c.iso_country
    kind: ColumnElement[Any] = c.c.type
    if dialect == "walk":
        return country.concat(""), kind.concat("")
    if dialect != "sqlite":
        return country, kind
    if near is not None or any(uses_trigram_lookup(pattern, dialect) for pattern in patterns):
        return country.concat(""), kind.concat("")
    places = (search.in_postal_code, search.in_region, search.in_locality)
    if any(place is not None for place in places):
        return country, kind.concat("")
    return country, kind


def _capabilities(search: CatalogSearch) -> list[ColumnElement[bool]]:
    pairs: list[tuple[ColumnElement[Any], bool | None]] = [
        (c.c.voice_capable, search.voice_enabled),
        (c.c.sms_capable, search.sms_enabled),
        (c.c.mms_capable, search.mms_enabled),
        (and_(c.c.voice_capable, c.c.voice_fax), search.fax_enabled),
    ]
    return [
        condition if wanted else not_(condition)
        for condition, wanted in pairs
        if wanted is not None
    ]


def _address_exclusions(search: CatalogSearch) -> list[ColumnElement[bool]]:
    requirement = c.c.address_requirements
    conditions = []
    if search.exclude_all_address_required:
        conditions.append(requirement == "NONE")
    if search.exclude_local_address_required:
        conditions.append(requirement != "LOCAL")
    if search.exclude_foreign_address_required:
        conditions.append(requirement != "FOREIGN")
    return conditions


def _places(search: CatalogSearch) -> list[ColumnElement[bool]]:
    """Postal code, LATA and rate center are codes (exact); region and locality ignore case."""
    exact = [
        (c.c.postal_code, search.in_postal_code),
        (c.c.lata, search.in_lata),
        (c.c.rate_center, search.in_rate_center),
    ]
    conditions = [column == value for column, value in exact if value is not None]
    for column, value in ((c.c.region, search.in_region), (c.c.locality, search.in_locality)):
        if value is not None:
            conditions.append(func.lower(column) == value.lower())
    return conditions
