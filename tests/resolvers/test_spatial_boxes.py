"""The boxes in front of ``near``: the search box holds every point of the circle, the inner
box only points of the circle (random circles anywhere, poles and antimeridian included)."""

from __future__ import annotations

import math
import random

from resolvers.reads.geography import great_circle_miles
from resolvers.reads.spatial import EARTH_RADIUS_MILES, SearchBox, inner_box, search_box

CIRCLES = 3_000
POINTS = 30


def _destination(lat: float, lon: float, miles: float, bearing: float) -> tuple[float, float]:
    angle, phi, theta = miles / EARTH_RADIUS_MILES, math.radians(lat), math.radians(bearing)
    sin_phi2 = math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(theta)
    phi2 = math.asin(max(-1.0, min(1.0, sin_phi2)))
    dlmb = math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(phi),
        math.cos(angle) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(math.radians(lon) + dlmb) + 540) % 360 - 180


def _in(box: SearchBox, lat: float, lon: float) -> bool:
    in_band = box.min_lat <= lat <= box.max_lat
    return in_band and any(low <= lon <= high for low, high in box.longitudes)


def _circle(rng: random.Random) -> tuple[float, float, float]:
    lat = rng.choice([rng.uniform(-90, 90), rng.uniform(85, 90), rng.uniform(-60, 60)])
    lon = rng.choice([rng.uniform(-180, 180), rng.uniform(175, 180), rng.uniform(-180, -175)])
    return lat, lon, rng.choice([rng.uniform(0.001, 500), 500.0, 25.0, 1.0])


def test_the_search_box_holds_the_whole_circle() -> None:
    rng = random.Random(5)
    for _ in range(CIRCLES):
        lat, lon, miles = _circle(rng)
        box = search_box(lat, lon, miles)
        assert all(-180 <= low <= high <= 180 for low, high in box.longitudes)
        for _ in range(POINTS):
            share = rng.choice([1.0, 0.9999999, rng.random()])
            plat, plon = _destination(lat, lon, miles * share, rng.uniform(0, 360))
            if great_circle_miles(lat, lon, plat, plon) <= miles:
                assert _in(box, plat, plon), (lat, lon, miles, plat, plon)


def test_the_inner_box_holds_only_points_of_the_circle() -> None:
    rng = random.Random(6)
    boxes = 0
    for _ in range(CIRCLES):
        lat, lon, miles = _circle(rng)
        inner = inner_box(lat, lon, miles)
        if inner is None:
            continue
        boxes += 1
        min_lat, max_lat, min_lon, max_lon = inner
        assert -180 <= min_lon <= max_lon <= 180
        for _ in range(POINTS):
            plat = rng.choice([min_lat, max_lat, rng.uniform(min_lat, max_lat)])
            plon = rng.choice([min_lon, max_lon, rng.uniform(min_lon, max_lon)])
            assert great_circle_miles(lat, lon, plat, plon) < miles, (lat, lon, miles)
    assert boxes > CIRCLES // 2
