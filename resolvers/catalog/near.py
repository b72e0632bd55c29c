"""The centre of a ``near`` search: given as a point, or read from a number's catalog row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.search import DEFAULT_DISTANCE_MILES, CatalogSearch, field
from resolvers.core.errors import InvalidInput
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.geography import NearFilter


async def near_filter(conn: AsyncConnection, search: CatalogSearch) -> NearFilter | None:
    """The circle to search in, or None; ``nearNumber`` costs one primary-key lookup."""
    distance = float(search.distance_miles or DEFAULT_DISTANCE_MILES)
    if search.near_lat_long is not None:
        point = search.near_lat_long
        return NearFilter(point.latitude, point.longitude, distance)
    if search.near_number is None:
        return None
    statement = select(c.c.latitude, c.c.longitude).where(c.c.phone_number == search.near_number)
    row = (await conn.execute(statement)).first()
    if row is None or row.latitude is None or row.longitude is None:
        raise InvalidInput(
            f"no location is known for {search.near_number}; use nearLatLong instead",
            field=field("nearNumber"),
        )
    return NearFilter(row.latitude, row.longitude, distance)
