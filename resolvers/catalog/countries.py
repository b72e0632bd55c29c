"""``availableCountries``: the countries with numbers for sale, their types and beta flag.

One statement. The (country, type) pairs come from loose index scans of
``ix_catalog_numbers_iso_country_type_state_phone_number`` (recursive CTEs that jump from one
value to the next: one index seek per pair, not a pass over the catalog), and each pair is
probed with ``LIMIT 1`` subqueries on the same index. ``beta`` is only asked for when
selected: no index covers it, so a market without beta numbers is read in full to say so.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import pycountry
from sqlalchemy import ColumnElement, and_, false, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import available_for_sale
from resolvers.core.enums import NumberType
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.selection import SelectionTree

# NumberType in the order of its declaration (API.md): lists of types follow it.
NUMBER_TYPES = tuple(NumberType)


def type_order(number_type: str) -> int:
    return NUMBER_TYPES.index(number_type) if number_type in NUMBER_TYPES else len(NUMBER_TYPES)


@lru_cache(maxsize=512)
def country_name(iso_country: str) -> str:
    """The English name of a country (ISO 3166 via pycountry, its common name where it has
    one: "South Korea", not "Korea, Republic of"); the code itself if unknown.

    Not phonenumbers' geocoder: importing its data costs about 100 MB in every worker.
    """
    country = pycountry.countries.get(alpha_2=iso_country)
    if country is None:
        return iso_country
    return str(getattr(country, "common_name", None) or country.name)


async def available_countries(
    conn: AsyncConnection, now: datetime, selection: SelectionTree
) -> list[dict[str, Any]]:
    """One entry per country with numbers for sale, ordered by ISO code."""
    pairs = _market_pairs()
    market = and_(c.c.iso_country == pairs.c.iso_country, c.c.type == pairs.c.type)
    for_sale = and_(market, available_for_sale(now))
    any_beta = _any(for_sale, c.c.beta) if "beta" in selection else false()
    statement = (
        select(pairs.c.iso_country, pairs.c.type, _any(for_sale), any_beta)
        .where(pairs.c.type.is_not(None))
        .order_by(pairs.c.iso_country, pairs.c.type)
    )
    by_country: dict[str, dict[str, Any]] = {}
    for iso_country, number_type, on_sale, beta in (await conn.execute(statement)).all():
        if not on_sale:
            continue
        entry = by_country.setdefault(
            iso_country,
            {
                "iso_country": iso_country,
                "name": country_name(iso_country),
                "number_types": [],
                "beta": False,
            },
        )
        entry["number_types"].append(number_type)
        entry["beta"] = entry["beta"] or bool(beta)
    for entry in by_country.values():
        entry["number_types"].sort(key=type_order)
    return list(by_country.values())


def _market_pairs() -> Any:
    """Every distinct (iso_country, type) of the catalog, by two loose index scans.

    Each step is one ``min()`` seek in the (iso_country, type, …) index: the next country
    after this one, then the next type within a country. NULL ends a sequence.
    """
    x = c.alias("x")
    first_country = select(func.min(x.c.iso_country).label("iso_country"))
    countries = first_country.cte("catalog_countries", recursive=True)
    countries = countries.union_all(
        select(_min(x.c.iso_country, x.c.iso_country > countries.c.iso_country)).where(
            countries.c.iso_country.is_not(None)
        )
    )
    first_type = _min(x.c.type, x.c.iso_country == countries.c.iso_country)
    pairs = (
        select(countries.c.iso_country, first_type.label("type"))
        .where(countries.c.iso_country.is_not(None))
        .cte("catalog_markets", recursive=True)
    )
    same_country = x.c.iso_country == pairs.c.iso_country
    return pairs.union_all(
        select(pairs.c.iso_country, _min(x.c.type, same_country, x.c.type > pairs.c.type)).where(
            pairs.c.type.is_not(None)
        )
    )


def _any(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether a row matches, probed once per pair: ``(SELECT 1 … LIMIT 1) IS NOT NULL``.

    Not EXISTS: PostgreSQL turns that into a hashed subplan or a semi-join, each a pass over
    the whole catalog, when it expects many pairs.
    """
    return select(literal(1)).where(*where).limit(1).scalar_subquery().is_not(None)


def _min(column: ColumnElement[Any], *where: ColumnElement[bool]) -> Any:
    return select(func.min(column)).where(*where).scalar_subquery()
