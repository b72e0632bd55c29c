"""``pricing(isoCountry)``: the catalog's price of each number type in a country.

Prices may vary within a type (premium numbers, regions). A type's price is the *most
common* (setup fee, monthly fee) pair among the country's catalog numbers of that type, any
state (a price list does not change when stock runs out); ties go to the cheaper pair. So the
price shown is one that real numbers have, never a mix of two numbers' fees.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.countries import country_name, type_order
from resolvers.core.money import money
from resolvers.core.phone import check_iso_country
from resolvers.core.tables import catalog_numbers as c


async def country_pricing(conn: AsyncConnection, iso_country: str) -> dict[str, Any] | None:
    """The prices of ``iso_country``'s number types; None when the catalog has none."""
    iso_country = check_iso_country(iso_country, ["isoCountry"])
    best = await _most_common_prices(conn, c.c.iso_country == iso_country)
    if not best:
        return None
    prices = [
        {"type": number_type, "setup_fee": money(setup), "monthly_fee": money(monthly)}
        for number_type, (setup, monthly) in sorted(
            best.items(), key=lambda item: type_order(item[0])
        )
    ]
    return {"iso_country": iso_country, "name": country_name(iso_country), "prices": prices}


async def type_price(
    conn: AsyncConnection, iso_country: str, number_type: str
) -> tuple[int, int] | None:
    """The (setup fee, monthly fee) in minor units that ``pricing`` shows for ``number_type``
    numbers of ``iso_country``; None when the catalog has none."""
    best = await _most_common_prices(conn, c.c.iso_country == iso_country, c.c.type == number_type)
    return best.get(number_type)


async def _most_common_prices(
    conn: AsyncConnection, *where: ColumnElement[bool]
) -> dict[str, tuple[int, int]]:
    """Per number type, its most common (setup, monthly) pair; ties go to the cheaper."""
    statement = (
        select(c.c.type, c.c.setup_fee_minor, c.c.monthly_fee_minor, func.count())
        .where(*where)
        .group_by(c.c.type, c.c.setup_fee_minor, c.c.monthly_fee_minor)
    )
    best: dict[str, tuple[int, int, int]] = {}
    for number_type, setup, monthly, count in (await conn.execute(statement)).all():
        rank = (-count, monthly, setup)
        if number_type not in best or rank < best[number_type]:
            best[number_type] = rank
    return {number_type: (setup, monthly) for number_type, (_, monthly, setup) in best.items()}
