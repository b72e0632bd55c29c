"""``near`` through the spatial index finds exactly what the plain distance filter finds.

A seeded set of numbers, clustered where boxes are hard (midtown New York, Alaska far from
the equator, both sides of the antimeridian, next to the North Pole; some without a
location, some sold), plus, for each searched circle, numbers just inside and just outside
its widest east and west points. For each circle, ``availableNumbers`` and ``activeNumbers``
must list exactly the numbers that ``great_circle_miles(...) <= distance`` selects from the
whole table, with no index in front (the "plain distance filter").
"""

from __future__ import annotations

import math
import random
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.reads.geography import EARTH_RADIUS_MILES
from tests.support.catalog import add_numbers_for_sale, found, refused
from tests.support.client import Gateway
from tests.support.numbers import Number, add_numbers, sign_in

US = {"isoCountry": "US"}
# (latitude, longitude, miles)
CIRCLES = [
    (40.7506, -73.9873, 25),  # midtown New York, the bench's search
    (40.7506, -73.9873, 1),
    (64.8378, -147.7164, 500),  # Fairbanks: far from the equator, the widest circle
    (61.2181, -149.9003, 300),
    (52.0, 179.9, 100),  # across the antimeridian, from either side
    (51.9, -179.95, 300),
    (89.9, 0.0, 100),  # the circle holds the pole: every longitude
    (-10.0, 20.0, 500),  # nobody there
]
# (latitude, longitude, spread in degrees, count)
CLUSTERS = [
    (40.75, -73.99, 1.0, 60),
    (63.0, -150.0, 12.0, 60),
    (52.0, 180.0, 6.0, 60),
    (89.0, 0.0, 2.0, 20),
]


def _destination(lat: float, lon: float, miles: float, bearing: float) -> tuple[float, float]:
    """The point ``miles`` from (lat, lon) along ``bearing`` (degrees from north)."""
    angle, phi, theta = miles / EARTH_RADIUS_MILES, math.radians(lat), math.radians(bearing)
    phi2 = math.asin(
        math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(theta)
    )
    dlmb = math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(phi),
        math.cos(angle) - math.sin(phi) * math.sin(phi2),
    )
    lon2 = (math.degrees(math.radians(lon) + dlmb) + 540) % 360 - 180
    return math.degrees(phi2), lon2


def _edges(lat: float, lon: float, miles: float) -> list[tuple[float, float]]:
    """Points just inside and just outside the circle at its widest east and west: the
    bearing where a circle reaches its extreme longitude is asin(cos(lat)/cos(0))-ish off
    east, so sweep bearings around 90 and 270 degrees."""
    points = []
    for bearing in (60, 75, 85, 90, 95, 105, 120, 240, 255, 265, 270, 275, 285, 300):
        for share in (0.999, 1.001):
            points.append(_destination(lat, lon, miles * share, bearing))
    return points


def _locations() -> list[tuple[float | None, float | None]]:
    rng = random.Random(12)
    points: list[tuple[float | None, float | None]] = []
    for lat, lon, spread, count in CLUSTERS:
        for _ in range(count):
            plat = max(-90.0, min(90.0, lat + rng.uniform(-spread, spread)))
            plon = (lon + rng.uniform(-spread, spread) + 540) % 360 - 180
            points.append((plat, plon))
    for lat, lon, miles in CIRCLES:
        if miles >= 1:
            points += _edges(lat, lon, miles)
        points.append((lat, lon))  # the centre itself
    points += [(None, None), (40.75, None), (None, -73.99)]
    return points


def _numbers() -> dict[str, dict[str, Any]]:
    """phone number -> its catalog overrides; every seventh one sold."""
    rows = {}
    for i, (lat, lon) in enumerate(_locations()):
        state = "assigned" if i % 7 == 3 else "available"
        rows[f"+1212555{i:04d}"] = {
            "iso_country": "US",
            "latitude": lat,
            "longitude": lon,
            "state": state,
        }
    return rows


async def _plain(engine: AsyncEngine, lat: float, lon: float, miles: float, owned: bool) -> Any:
    """The numbers within ``miles`` by the distance function alone (no box, no index)."""
    distance = func.great_circle_miles(lat, lon, c.c.latitude, c.c.longitude)
    if owned:
        statement = select(o.c.phone_number).join(c, c.c.phone_number == o.c.phone_number)
        statement = statement.where(o.c.status == "IN_USE")
    else:
        statement = select(c.c.phone_number).where(c.c.state == "available")
    async with engine.connect() as conn:
        rows = await conn.execute(statement.where(distance <= miles))
        return sorted(row[0] for row in rows)


NEAR_OWNED = """
query ($filter: ActiveNumberFilter) {
  activeNumbers(filter: $filter, first: 1000) { nodes { phoneNumber } totalCount }
}
"""


async def _owned_near(gateway: Gateway, near: dict[str, Any]) -> list[str]:
    data = await gateway.gql(NEAR_OWNED, {"filter": {"geography": {"near": near}}})
    nodes = [node["phoneNumber"] for node in data["activeNumbers"]["nodes"]]
    assert data["activeNumbers"]["totalCount"] == len(nodes)
    return sorted(nodes)


async def _seed_differential(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    numbers = _numbers()
    for_sale = {n: row for n, row in numbers.items() if row["state"] == "available"}
    await add_numbers_for_sale(gateway.engine, for_sale)
    sold = [Number(n, row) for n, row in numbers.items() if row["state"] == "assigned"]
    await add_numbers(gateway.engine, caller.sid, sold)


async def test_near_finds_what_the_plain_distance_filter_finds(gateway: Gateway) -> None:
    await _seed_differential(gateway)
    engine = gateway.engine
    nonempty = 0
    for lat, lon, miles in CIRCLES:
        point = {"latitude": lat, "longitude": lon}
        expected = await _plain(engine, lat, lon, miles, owned=False)
        search = {**US, "nearLatLong": point, "distanceMiles": miles}
        assert await found(gateway, search) == expected, (lat, lon, miles)
        expected_owned = await _plain(engine, lat, lon, miles, owned=True)
        owned = await _owned_near(gateway, {**point, "distanceMiles": miles})
        assert owned == expected_owned, (lat, lon, miles)
        nonempty += bool(expected) + bool(expected_owned)
    assert nonempty >= 12  # the circles do hold numbers


async def test_near_number_finds_what_the_plain_distance_filter_finds(gateway: Gateway) -> None:
    await _seed_differential(gateway)
    numbers = _numbers()
    for number in ("+12125550000", "+12125550070", "+12125550130"):  # NY, Alaska, antimeridian
        lat, lon = numbers[number]["latitude"], numbers[number]["longitude"]
        expected = await _plain(gateway.engine, lat, lon, 200, owned=False)
        assert len(expected) > 1
        assert await found(gateway, {**US, "nearNumber": number, "distanceMiles": 200}) == (
            expected
        )


MIDTOWN = {"latitude": 40.7506, "longitude": -73.9873}
EDGE_NUMBERS: dict[str, dict[str, Any]] = {
    "+12125550100": {"latitude": 40.7506, "longitude": -73.9873},  # the very centre
    "+12125550101": {"latitude": 40.7506, "longitude": -73.98},  # 0.38 miles east
    "+12125550102": {"latitude": None, "longitude": None},
    "+12125550103": {"latitude": 34.05, "longitude": -118.24},  # Los Angeles: 2,450 miles
    "+12125550104": {"latitude": 52.0, "longitude": 179.99},
    "+12125550105": {"latitude": 52.0, "longitude": -179.99},
}


async def test_near_edges_for_sale(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(gateway.engine, EDGE_NUMBERS)
    one = {**US, "nearLatLong": MIDTOWN, "distanceMiles": 1}
    assert await found(gateway, one) == ["+12125550100", "+12125550101"]
    widest = {**US, "nearLatLong": MIDTOWN, "distanceMiles": 500}
    assert await found(gateway, widest) == ["+12125550100", "+12125550101"]
    # a number without a location is near nothing, and no centre either
    field = ["search", "nearNumber"]
    await refused(gateway, {**US, "nearNumber": "+12125550102"}, field, "no location")
    across = {"latitude": 52.0, "longitude": 179.995}
    assert await found(gateway, {**US, "nearLatLong": across, "distanceMiles": 5}) == [
        "+12125550104",
        "+12125550105",
    ]
    distance = ["search", "distanceMiles"]
    for miles in (0, -1, 501):
        search = {**US, "nearLatLong": MIDTOWN, "distanceMiles": miles}
        await refused(gateway, search, distance, "greater than 0 and at most 500")


async def test_near_edges_for_owned_numbers(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    owned = [Number(n, row) for n, row in EDGE_NUMBERS.items()]
    await add_numbers(gateway.engine, caller.sid, owned)
    tiny = await _owned_near(gateway, {**MIDTOWN, "distanceMiles": 0.0001})
    assert tiny == ["+12125550100"]
    widest = await _owned_near(gateway, {**MIDTOWN, "distanceMiles": 500})
    assert widest == ["+12125550100", "+12125550101"]
    across = await _owned_near(gateway, {"latitude": 52.0, "longitude": -179.995})
    assert across == ["+12125550104", "+12125550105"]
    field = ["filter", "geography", "near", "distanceMiles"]
    for miles in (0, -0.5, 500.01):
        near = {**MIDTOWN, "distanceMiles": miles}
        errors = await gateway.gql_errors(NEAR_OWNED, {"filter": {"geography": {"near": near}}})
        [error] = errors
        assert error["extensions"] == {"code": "INVALID_INPUT", "field": field}, error
        assert "greater than 0 and at most 500" in error["message"]
