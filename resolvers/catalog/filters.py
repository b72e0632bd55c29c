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
    search: CatalogSearch, *, near: NearFilter | None, dialect: str, now: datetime
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``search`` (already through ``search.validate``)."""
    patterns = number_patterns(search)
    country: ColumnElement[Any] = c.c.iso_country
    kind: ColumnElement[Any] = c.c.type
    if _narrower_than_market(patterns, near, dialect):
        # SQLite would otherwise walk the whole market through the (country, type, state)
        # index and test each row; `|| ''` keeps that index out of the plan so the trigram
        # candidates (237 ms → a few ms for *7306 at 1M rows) or the (latitude, longitude)
        # box (5.3 s → see bench for 25 miles around New York at 1M rows) drive it instead.
        country, kind = country.concat(""), kind.concat("")
    conditions: list[ColumnElement[bool]] = [
        country == search.iso_country,
        kind == search.type,
        available_for_sale(now),
    ]
    for pattern in patterns:
        conditions += pattern_conditions(pattern, dialect)
    conditions += _capabilities(search) + _address_exclusions(search)
    if search.beta is False:
        conditions.append(c.c.beta.is_(False))
    conditions += _places(search)
    if near is not None:
        conditions += near_conditions(near, c.c.latitude, c.c.longitude, field())
    return conditions


def _narrower_than_market(patterns: list[Any], near: NearFilter | None, dialect: str) -> bool:
    """Whether SQLite has a better way in than the market index (SQLite only: PostgreSQL's
    planner weighs these from its statistics)."""
    if dialect != "sqlite":
        return False
    return near is not None or any(uses_trigram_lookup(pattern, dialect) for pattern in patterns)


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
