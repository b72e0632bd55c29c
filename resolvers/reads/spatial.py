"""The spatial index in front of ``near``: catalog numbers whose location lies in a box.

A circle on the sphere is enclosed by a latitude band and one or two longitude ranges (two
when the circle crosses the antimeridian, all longitudes when it holds a pole). The index
answers "which numbers lie in those boxes"; the exact great-circle distance is then computed
for those candidates only (``geography.near_conditions``), and not even for those inside a
box inscribed in the circle (about 64 % of them), which are near by construction.

- SQLite: the R*Tree ``catalog_numbers_geo`` (migration 0014), one entry per located catalog
  row keyed by its rowid, kept in step by triggers on ``catalog_numbers`` (insert, delete,
  and update of latitude/longitude), so seeding, purchase, release and hosted-number import
  all keep it current. R*Tree stores 32-bit floats rounded outwards, so a point is a tiny box
  and the search asks for overlap: never fewer candidates than the exact box.
- PostgreSQL: the GiST index ``ix_catalog_numbers_geo`` on ``point(longitude, latitude)``,
  searched with ``<@ box``; PostgreSQL maintains it itself.
- Any other dialect: the plain latitude/longitude comparisons (the btree on both columns).

Both owned numbers and the catalog read their location from ``catalog_numbers``, so this one
index serves ``activeNumbers`` and ``availableNumbers`` alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, column, func, literal_column, or_, select, table
from sqlalchemy.sql.selectable import Select

from resolvers.core.tables import catalog_numbers as c

EARTH_RADIUS_MILES = 3958.7613
# Beyond the float rounding of the box's edges (about a centimetre), so that a number exactly
# on the circle is still a candidate; the exact distance decides.
EDGE_MARGIN_DEGREES = 1e-7
# The inner box is that of a circle this much (relatively) smaller: a number in it is inside
# the true circle whatever the rounding of the distance function.
INNER_SHRINK = 1e-6

# The R*Tree of migration 0014; not part of ``metadata`` (the migration owns it).
catalog_numbers_geo = table(
    "catalog_numbers_geo",
    column("id"),
    column("min_lat"),
    column("max_lat"),
    column("min_lon"),
    column("max_lon"),
)
_CATALOG_ROWID: ColumnElement[Any] = literal_column("catalog_numbers.rowid")


@dataclass(frozen=True)
class SearchBox:
    """A latitude band and the longitude ranges (each within -180..180) enclosing a circle."""

    min_lat: float
    max_lat: float
    longitudes: tuple[tuple[float, float], ...]


def bounding_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle, longitudes unwrapped
    (they may pass ±180); all longitudes (lon ± 180) when the circle holds a pole.

    The widest longitude of a circle is not at its centre's latitude but poleward of it:
    its half-width is asin(sin(d/R) / cos(lat)), wider than (d/R) / cos(lat).
    """
    angle = miles / EARTH_RADIUS_MILES
    dlat = math.degrees(angle) + EDGE_MARGIN_DEGREES
    min_lat, max_lat = lat - dlat, lat + dlat
    if max_lat >= 90 or min_lat <= -90:
        return max(min_lat, -90.0), min(max_lat, 90.0), lon - 180.0, lon + 180.0
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    dlon = math.degrees(math.asin(min(1.0, ratio))) + EDGE_MARGIN_DEGREES
    return min_lat, max_lat, lon - dlon, lon + dlon


def inner_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float] | None:
    """(min_lat, max_lat, min_lon, max_lon) of a box wholly inside the circle, by a margin
    far above float rounding, so that a number in it needs no distance computed; None near
    a pole or across the antimeridian (every candidate is then measured).

    With hav(x) = sin²(x/2), haversine gives hav(d) ≤ hav(Δlat) + cos(lat)·hav(Δlon) (the
    other latitude's cosine is at most 1); each term at most hav(d)/2 keeps d within.
    """
    half = math.sin(miles * (1 - INNER_SHRINK) / EARTH_RADIUS_MILES / 2) ** 2 / 2
    cos_lat = math.cos(math.radians(lat))
    if cos_lat < half:
        return None
    dlat = math.degrees(2 * math.asin(math.sqrt(half)))
    dlon = math.degrees(2 * math.asin(math.sqrt(half / cos_lat)))
    if lon - dlon < -180 or lon + dlon > 180:
        return None
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def search_box(lat: float, lon: float, miles: float) -> SearchBox:
    """The box of ``bounding_box``, its longitudes split where they cross the antimeridian."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, miles)
    if max_lon - min_lon >= 360:
        return SearchBox(min_lat, max_lat, ((-180.0, 180.0),))
    if min_lon < -180:
        return SearchBox(min_lat, max_lat, ((min_lon + 360, 180.0), (-180.0, max_lon)))
    if max_lon > 180:
        return SearchBox(min_lat, max_lat, ((min_lon, 180.0), (-180.0, max_lon - 360)))
    return SearchBox(min_lat, max_lat, ((min_lon, max_lon),))


def in_box(box: SearchBox, dialect: str) -> ColumnElement[bool]:
    """``catalog_numbers`` rows located in ``box``, through the dialect's spatial index."""
    if dialect == "sqlite":
        return _CATALOG_ROWID.in_(_rtree_candidates(box))
    if dialect == "postgresql":
        location = func.point(c.c.longitude, c.c.latitude)
        boxes = [
            location.op("<@")(func.box(func.point(low, box.min_lat), func.point(high, box.max_lat)))
            for low, high in box.longitudes
        ]
        return boxes[0] if len(boxes) == 1 else or_(*boxes)
    latitude, longitude = c.c.latitude, c.c.longitude
    ranges = [longitude.between(low, high) for low, high in box.longitudes]
    return and_(latitude.between(box.min_lat, box.max_lat), or_(*ranges))


def in_box_unindexed(box: SearchBox) -> ColumnElement[bool]:
    """``catalog_numbers`` rows located in ``box``, compared row by row: ``+ 0`` keeps the
    (latitude, longitude) index out of the plan, so that the page-order walk drives it."""
    latitude, longitude = c.c.latitude + 0, c.c.longitude + 0
    ranges = [longitude.between(low, high) for low, high in box.longitudes]
    return and_(latitude.between(box.min_lat, box.max_lat), or_(*ranges))


def _rtree_candidates(box: SearchBox) -> Select[Any]:
    """The rowids of the R*Tree entries overlapping ``box`` (a UNION ALL of two searches
    across the antimeridian)."""
    geo = catalog_numbers_geo.c
    selects = [
        select(geo.id).where(
            geo.max_lat >= box.min_lat,
            geo.min_lat <= box.max_lat,
            geo.max_lon >= low,
            geo.min_lon <= high,
        )
        for low, high in box.longitudes
    ]
    if len(selects) == 1:
        return selects[0]
    union = selects[0].union_all(*selects[1:]).subquery()
    return select(union.c.id)
