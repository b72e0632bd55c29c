"""Where numbers are: great-circle distance (haversine) in statute miles, and ``near`` filters.

The same formula exists as the SQL function ``great_circle_miles``: registered on every
SQLite connection and created by the migration on PostgreSQL, so filters are true distances,
not boxes. A bounding box is only used in front of it so that the spatial index can help.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_

from resolvers.core.errors import InvalidInput
from resolvers.core.tables import catalog_numbers as c
from resolvers.reads.spatial import (
    EARTH_RADIUS_MILES,
    bounding_box,
    in_box,
    in_box_unindexed,
    inner_box,
    search_box,
)

__all__ = [
    "EARTH_RADIUS_MILES",
    "MAX_DISTANCE_MILES",
    "POSTGRES_FUNCTION_SQL",
    "NearFilter",
    "bounding_box",
    "great_circle_miles",
    "near_conditions",
]
MAX_DISTANCE_MILES = 500


@dataclass(frozen=True)
class NearFilter:
    latitude: float
    longitude: float
    distance_miles: float = 25


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


POSTGRES_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION great_circle_miles(
    lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision
) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 2 * {EARTH_RADIUS_MILES} * asin(least(1.0, sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)
    )))
$$
"""


def near_conditions(
    near: NearFilter, field: list[str], dialect: str, *, indexed: bool = True
) -> list[ColumnElement[bool]]:
    """Catalog rows within ``distance_miles`` by great-circle distance, computed only for the
    candidates the spatial index finds in the circle's bounding box (``reads/spatial.py``).

    ``indexed=False`` tests each row the statement reaches against the box instead, with no
    index behind it: for a walk that another index drives (``reads/page_walk.py``).
    """
    if not -90 <= near.latitude <= 90:
        raise InvalidInput("latitude must be between -90 and 90", field=[*field, "latitude"])
    if not -180 <= near.longitude <= 180:
        raise InvalidInput("longitude must be between -180 and 180", field=[*field, "longitude"])
    if not 0 < near.distance_miles <= MAX_DISTANCE_MILES:
        raise InvalidInput(
            f"distanceMiles must be greater than 0 and at most {MAX_DISTANCE_MILES} "
            f"(got {near.distance_miles:g})",
            field=[*field, "distanceMiles"],
        )
    lat, lon, miles = near.latitude, near.longitude, near.distance_miles
    within: ColumnElement[bool] = (
        func.great_circle_miles(lat, lon, c.c.latitude, c.c.longitude) <= miles
    )
    inner = inner_box(lat, lon, miles)
    if inner is not None:  # first: both databases skip the distance when it holds
        min_lat, max_lat, min_lon, max_lon = inner
        inside = and_(
            c.c.latitude.between(min_lat, max_lat), c.c.longitude.between(min_lon, max_lon)
        )
        within = or_(inside, within)
    box = search_box(lat, lon, miles)
    return [in_box(box, dialect) if indexed else in_box_unindexed(box), within]
