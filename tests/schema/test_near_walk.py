"""``near`` pages that walk the page order (catalog/near_walk.py) list exactly what the
plain distance filter lists, in phone-number order, page after page.

A catalog where dense and sparse stretches of the page order alternate: runs of numbers
around New York, numbers spread over the United States, some without a location, some
sold; area code 204 is Canadian, outside the searched market. Random circles (centres,
radii) are searched with random page sizes, following the ``after`` cursors to the end;
the concatenated pages must equal the numbers the distance function alone selects from the
whole table (no box, no index), sorted by number. Both ways a page is read must have
served: filled by the walk (no spatial index read), and falling back to the spatial index.
With a tight walk (a few rows per row wanted) the walk also stops short of the end of the
catalog, which is what bounds it on a large one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from resolvers.active_numbers import near_walk as owned_walk
from resolvers.active_numbers import statements as owned_statements
from resolvers.active_numbers.filters import filter_conditions
from resolvers.active_numbers.ordering import SORT_KEYS
from resolvers.catalog import near_walk
from resolvers.catalog import statements as catalog_statements
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from tests.support.catalog import add_numbers_for_sale
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Number, add_numbers, sign_in
from tests.support.plans import statements_issued

SEED = 20261203
MIDTOWN = (40.7506, -73.9873)
PAGE = """
query ($search: AvailableNumberSearch!, $first: Int!, $after: String) {
  availableNumbers(search: $search, first: $first, after: $after) {
    nodes { phoneNumber }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _location(rng: random.Random, block: int) -> dict[str, Any]:
    """Even blocks of the page order crowd around New York, odd ones spread over the US."""
    roll = rng.random()
    if roll < 0.05:
        return {"latitude": None, "longitude": None}
    if block % 2 == 0 and roll < 0.85:
        lat, lon = MIDTOWN
        return {"latitude": lat + rng.uniform(-0.6, 0.6), "longitude": lon + rng.uniform(-0.8, 0.8)}
    return {"latitude": rng.uniform(25, 49), "longitude": rng.uniform(-124, -67)}


def _catalog() -> dict[str, dict[str, Any]]:
    rng = random.Random(SEED)
    numbers = {}
    for i in range(900):
        row = _location(rng, i // 60)
        row["state"] = "assigned" if rng.random() < 0.1 else "available"
        numbers[f"+1{201 + i // 100}555{i % 100:04d}"] = row
    return numbers


async def _plain(gateway: Gateway, lat: float, lon: float, miles: float) -> list[str]:
    distance = func.great_circle_miles(lat, lon, c.c.latitude, c.c.longitude)
    statement = select(c.c.phone_number).where(
        c.c.iso_country == "US", c.c.state == "available", distance <= miles
    )
    async with gateway.engine.connect() as conn:
        return sorted(row[0] for row in await conn.execute(statement))


async def _pages(
    gateway: Gateway, search: dict[str, Any], first: int
) -> tuple[list[str], int, int]:
    """Every page's numbers in order, how many pages the walk alone filled, and how many
    fell back to the spatial index."""
    numbers: list[str] = []
    after, walked, fell_back = None, 0, 0
    while True:
        with statements_issued(gateway.engine) as issued:
            data = await gateway.gql(PAGE, {"search": search, "first": first, "after": after})
        page = data["availableNumbers"]
        numbers += [node["phoneNumber"] for node in page["nodes"]]
        reads = [s for s, _ in issued if "catalog_numbers" in s and "LIMIT" in s.upper()]
        spatial = [s for s in reads if "catalog_numbers_geo" in s or "<@" in s]
        walked, fell_back = walked + (not spatial), fell_back + bool(spatial)
        if not page["pageInfo"]["hasNextPage"]:
            return numbers, walked, fell_back
        after = page["pageInfo"]["endCursor"]


@pytest.fixture(autouse=True)
def _fresh_kept_statements() -> Iterator[None]:
    """Kept statements carry their walk's length: none from another test's walk."""
    for kept in (catalog_statements._kept, owned_statements._kept_page):
        kept.cache_clear()
    yield
    for kept in (catalog_statements._kept, owned_statements._kept_page):
        kept.cache_clear()


def _tighten(monkeypatch: pytest.MonkeyPatch) -> None:
    """Walks of 3 rows per row wanted (catalog and owned numbers): they end inside the rows."""
    for module in (near_walk, owned_walk):
        monkeypatch.setattr(module, "MIN_WALK_ROWS", 0)
        monkeypatch.setattr(module, "WALK_ROWS_PER_ROW", 3)


@pytest.mark.parametrize("tight", [False, True], ids=["default_walk", "tight_walk"])
async def test_near_pages_equal_the_plain_distance_filter(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, tight: bool
) -> None:
    if tight:  # a walk of 3 rows per row wanted: it ends inside the catalog, not at its end
        _tighten(monkeypatch)
    await sign_in(gateway)
    await add_numbers_for_sale(gateway.engine, _catalog())
    rng = random.Random(SEED + tight)
    circles = [(*MIDTOWN, 25), (*MIDTOWN, 3), (35.0, -100.0, 500)]
    circles += [
        (rng.uniform(39.5, 42), rng.uniform(-75.5, -72.5), rng.choice([1, 5, 10, 25, 60, 200]))
        for _ in range(6)
    ]
    walked = fell_back = 0
    for lat, lon, miles in circles:
        expected = await _plain(gateway, lat, lon, miles)
        first = rng.choice([1, 4, 10, 25, 50])
        point = {"latitude": lat, "longitude": lon}
        search = {"isoCountry": "US", "nearLatLong": point, "distanceMiles": miles}
        got, filled, index_read = await _pages(gateway, search, first)
        assert got == expected, (lat, lon, miles, first)
        walked, fell_back = walked + filled, fell_back + index_read
    assert walked >= 10, walked
    assert fell_back >= 5, fell_back


OWNED_PAGE = """
query ($filter: ActiveNumberFilter, $order: ActiveNumberOrder, $first: Int, $after: String,
       $last: Int, $before: String) {
  activeNumbers(filter: $filter, orderBy: $order, first: $first, after: $after, last: $last,
                before: $before) {
    nodes { phoneNumber }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def _owned(rng: random.Random) -> list[Number]:
    """The account's numbers: the catalog's layout, a few names, purchase times and billing
    dates shared (the sid breaks the ties), one in ten released."""
    numbers = []
    for number, row in _catalog().items():
        bought = T0 - timedelta(days=rng.randrange(1, 40))
        owned = {
            "friendly_name": rng.choice(["alpha", "beta", "gamma", number]),
            "purchased_at": bought,
            "next_billing_date": bought + timedelta(days=31),
            "status": "RELEASED" if rng.random() < 0.1 else "IN_USE",
        }
        numbers.append(Number(number, {**row, "state": "assigned"}, owned))
    return numbers


async def _plain_owned(
    gateway: Gateway, account_sid: str, circle: tuple[float, float, int], order: dict[str, str]
) -> list[str]:
    """The account's numbers within the circle by the distance function alone, in the
    ordering's order (its sort key, then the sid)."""
    lat, lon, miles = circle
    key = SORT_KEYS[order["field"]]
    sort = [key.expression, key.tiebreak]
    distance = func.great_circle_miles(lat, lon, c.c.latitude, c.c.longitude)
    statement = (
        select(o.c.phone_number)
        .join(c, c.c.phone_number == o.c.phone_number)
        .where(o.c.account_sid == account_sid, distance <= miles)
        .where(*filter_conditions(None, gateway.engine.dialect.name))
        .order_by(*(col.desc() if order["direction"] == "DESC" else col for col in sort))
    )
    async with gateway.engine.connect() as conn:
        return [row[0] for row in await conn.execute(statement, {"read_at": T0})]


async def _owned_pages(
    gateway: Gateway, variables: dict[str, Any], size: int, backward: bool
) -> tuple[list[str], int, int]:
    """Every page's numbers in order (``last``/``before`` from the end when ``backward``),
    how many pages the walk alone filled and how many fell back to the spatial index."""
    numbers: list[str] = []
    cursor, walked, fell_back = None, 0, 0
    while True:
        if backward:
            arguments = {"last": size, "before": cursor}
        else:
            arguments = {"first": size, "after": cursor}
        with statements_issued(gateway.engine) as issued:
            data = await gateway.gql(OWNED_PAGE, {**variables, **arguments})
        page = data["activeNumbers"]
        nodes = [node["phoneNumber"] for node in page["nodes"]]
        numbers = nodes + numbers if backward else numbers + nodes
        reads = [s for s, _ in issued if "owned_numbers" in s and "LIMIT" in s.upper()]
        spatial = [s for s in reads if "catalog_numbers_geo" in s or "<@" in s]
        walked, fell_back = walked + (not spatial), fell_back + bool(spatial)
        info = page["pageInfo"]
        if not info["hasPreviousPage" if backward else "hasNextPage"]:
            return numbers, walked, fell_back
        cursor = info["startCursor" if backward else "endCursor"]


@pytest.mark.parametrize("tight", [False, True], ids=["default_walk", "tight_walk"])
async def test_owned_near_pages_equal_the_plain_distance_filter(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, tight: bool
) -> None:
    """The same for ``activeNumbers``: every ordering, both directions, paging forwards and
    backwards through the cursors."""
    if tight:
        _tighten(monkeypatch)
    caller = await sign_in(gateway)
    rng = random.Random(SEED - tight)
    await add_numbers(gateway.engine, caller.sid, _owned(rng))
    circles = [(*MIDTOWN, 25), (35.0, -100.0, 500)]
    circles += [(rng.uniform(39.5, 42), rng.uniform(-75.5, -72.5), 30) for _ in range(4)]
    walked = fell_back = 0
    for circle in circles:
        order = {"field": rng.choice(list(SORT_KEYS)), "direction": rng.choice(["ASC", "DESC"])}
        expected = await _plain_owned(gateway, caller.sid, circle, order)
        lat, lon, miles = circle
        near = {"latitude": lat, "longitude": lon, "distanceMiles": miles}
        variables = {"filter": {"geography": {"near": near}}, "order": order}
        for backward in (False, True):
            size = rng.choice([3, 10, 50])
            got, filled, index_read = await _owned_pages(gateway, variables, size, backward)
            assert got == expected, (circle, order, backward)
            walked, fell_back = walked + filled, fell_back + index_read
    assert walked >= 5, walked
    assert fell_back >= 3, fell_back
