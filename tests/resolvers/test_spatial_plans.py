"""``near`` reads the spatial index, and the place filters their indexes, not a scan.

The plans are those of the very statements the resolvers issue (captured from the driver).
SQLite's EXPLAIN QUERY PLAN must search the R*Tree ``catalog_numbers_geo`` for a ``near``;
PostgreSQL's EXPLAIN (after ANALYZE, on a catalog grown server-side to 20,000 numbers spread
over the United States) must read the GiST index ``ix_catalog_numbers_geo``. ``inPostalCode``,
``inRegion`` and ``inLocality`` must each be an index search on their column (region and
locality on the lowered column, as they are compared ignoring case).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.active_numbers.filters import ActiveNumberFilter, GeographyFilter
from resolvers.active_numbers.query import PageArgs as ActivePage
from resolvers.active_numbers.query import list_active_numbers
from resolvers.catalog.query import PageArgs, list_available_numbers
from resolvers.catalog.search import CatalogSearch, LatLong
from resolvers.core.tables import catalog_numbers, owned_numbers
from resolvers.reads.geography import NearFilter
from resolvers.reads.selection import SelectionTree
from tests.support.client import Gateway
from tests.support.factories import T0, add_account, add_catalog, add_owned, catalog_row
from tests.support.plans import plan_lines, statements_issued, vacuum_analyze

TEMPLATE = "+12015550100"
GROWN_ROWS = 20_000
MIDTOWN = (40.7506, -73.9873)
GROWN_OWNED = 5_000
OWNED = "+12125550101"
SELECTION: SelectionTree = {"nodes": {"phoneNumber": {}}, "totalCount": {}}
Read = Callable[[AsyncConnection], Awaitable[Any]]
Grow = Callable[[AsyncConnection], Awaitable[None]]


async def _grow_catalog(conn: AsyncConnection) -> None:
    """20,000 more numbers spread over the lower 48 states, 300 postal codes, 50 regions and
    500 localities, made by PostgreSQL itself (fast), then ANALYZE."""
    fixed = ("phone_number", "latitude", "longitude", "postal_code", "region", "locality")
    others = [col.name for col in catalog_numbers.columns if col.name not in fixed]
    names = ", ".join(others)
    await conn.execute(
        text(
            f"INSERT INTO catalog_numbers ({', '.join(fixed)}, {names}) "
            "SELECT '+1202' || (2000000 + g * 373)::text, 25 + (g * 7919 % 2400) / 100.0,"
            " -124 + (g * 104729 % 5700) / 100.0, lpad((g % 300)::text, 5, '0'),"
            " 'R' || (g % 50)::text, 'Town ' || (g % 500)::text, "
            f"{names} FROM catalog_numbers CROSS JOIN generate_series(1, :n) AS g "
            "WHERE phone_number = :template"
        ),
        {"n": GROWN_ROWS, "template": TEMPLATE},
    )
    await vacuum_analyze(conn, "catalog_numbers")


async def _grow_owned(conn: AsyncConnection) -> None:
    """The grown catalog, 5,000 of its numbers owned like ``OWNED`` (then ANALYZE)."""
    await _grow_catalog(conn)
    others = [col.name for col in owned_numbers.columns if col.name not in ("sid", "phone_number")]
    names, copied = ", ".join(others), ", ".join("o." + name for name in others)
    await conn.execute(
        text(
            f"INSERT INTO owned_numbers (sid, phone_number, {names}) "
            f"SELECT 'PN' || md5(c.phone_number), c.phone_number, {copied}"
            " FROM (SELECT phone_number FROM catalog_numbers WHERE phone_number LIKE '+1202%'"
            "  ORDER BY phone_number LIMIT :n) AS c"
            " CROSS JOIN owned_numbers AS o WHERE o.phone_number = :owned"
        ),
        {"n": GROWN_OWNED, "owned": OWNED},
    )
    await vacuum_analyze(conn, "owned_numbers")


async def _plans(engine: AsyncEngine, read: Read, grow: Grow = _grow_catalog) -> list[str]:
    """The plan lines of every SELECT that ``read`` issues (PostgreSQL: after ``grow``)."""
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await grow(conn)
        with statements_issued(engine) as issued:
            await read(conn)
        return await plan_lines(conn, issued)


def _search(search: CatalogSearch) -> Read:
    async def read(conn: AsyncConnection) -> Any:
        page = PageArgs(first=50)
        return await list_available_numbers(
            conn, search=search, page_args=page, selection=SELECTION, now=T0
        )

    return read


def _full_scans(lines: list[str]) -> list[str]:
    """Lines that read the whole catalog (or a whole index of it) to find the rows; not the
    page-order walk's bounded read of the phone-number index (its LIMIT is in the line
    before on PostgreSQL; SQLite shows it as the ``walk`` co-routine)."""
    scans = []
    for before, line in zip(["", *lines], lines, strict=False):
        sqlite_scan = line == "SCAN catalog_numbers" or line.startswith(
            "SCAN catalog_numbers USING"
        )
        if (sqlite_scan and before != "CO-ROUTINE walk") or "Seq Scan on catalog_numbers" in line:
            scans.append(line)
    return scans


def _spatial_searches(lines: list[str], dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [line for line in lines if "catalog_numbers_geo VIRTUAL TABLE INDEX" in line]
    return [line for line in lines if "Index Scan on ix_catalog_numbers_geo" in line]


async def _seed(gateway: Gateway) -> None:
    numbers: dict[str, dict[str, Any]] = {
        TEMPLATE: {},
        "+12125550100": {"latitude": 40.7506, "longitude": -73.9873},
        "+12125550101": {"latitude": 40.7, "longitude": -74.0},
        "+14155550100": {},
        "+14155550101": {"latitude": None, "longitude": None},
    }
    await add_catalog(gateway.engine, [catalog_row(n, **o) for n, o in numbers.items()])


@pytest.mark.parametrize("centre", ["point", "number"])
async def test_near_reads_the_spatial_index(gateway: Gateway, centre: str) -> None:
    await _seed(gateway)
    if centre == "point":
        search = CatalogSearch(iso_country="US", near_lat_long=LatLong(*MIDTOWN))
    else:
        search = CatalogSearch(iso_country="US", near_number="+12125550100")
    lines = await _plans(gateway.engine, _search(search))
    dialect = gateway.engine.dialect.name
    assert len(_spatial_searches(lines, dialect)) == 2, "\n".join(lines)  # page and count
    if dialect == "sqlite":  # the candidates are fetched by rowid, not by walking the market
        assert any("USING INTEGER PRIMARY KEY (rowid=?)" in line for line in lines), lines
    assert _full_scans(lines) == [], "\n".join(lines)


async def test_a_dense_near_page_walks_the_page_order(gateway: Gateway) -> None:
    """Numbers crowding the circle at the start of the page order: the page is one statement
    that walks the phone-number index in order, no spatial index and no sort."""
    await _seed(gateway)
    crowd = [
        catalog_row(f"+1201555{i:04d}", latitude=40.7 + i / 1000, longitude=-74.0)
        for i in range(60)
    ]
    await add_catalog(gateway.engine, crowd)
    search = CatalogSearch(iso_country="US", near_lat_long=LatLong(*MIDTOWN))

    async def read(conn: AsyncConnection) -> Any:
        page = PageArgs(first=50)
        selection: SelectionTree = {"nodes": {"phoneNumber": {}}}
        return await list_available_numbers(
            conn, search=search, page_args=page, selection=selection, now=T0
        )

    async with gateway.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await _grow_catalog(conn)
        with statements_issued(gateway.engine) as issued:
            page = await read(conn)
        lines = await plan_lines(conn, issued)
    assert [node["phone_number"] for node in page["nodes"]] == [
        n["phone_number"] for n in crowd[:50]
    ]
    assert len(issued) == 1, issued
    plan = "\n".join(lines)
    assert _spatial_searches(lines, gateway.engine.dialect.name) == [], plan
    assert not any(
        "TEMP B-TREE" in line or line.lstrip("-> ").startswith("Sort") for line in lines
    ), plan
    if gateway.engine.dialect.name == "sqlite":
        walk = "SEARCH catalog_numbers USING INDEX sqlite_autoindex_catalog_numbers_1"
    else:
        walk = "Index Scan using pk_catalog_numbers on catalog_numbers"
    assert any(walk in line for line in lines), plan
    assert _full_scans(lines) == [], plan


async def test_near_across_the_antimeridian_reads_the_spatial_index(gateway: Gateway) -> None:
    await _seed(gateway)
    search = CatalogSearch(iso_country="US", near_lat_long=LatLong(52.0, 179.99))
    lines = await _plans(gateway.engine, _search(search))
    dialect = gateway.engine.dialect.name
    searches = _spatial_searches(lines, dialect)
    assert len(searches) >= 2, "\n".join(lines)  # both sides of the antimeridian
    assert _full_scans(lines) == [], "\n".join(lines)


async def test_owned_numbers_near_reads_the_spatial_index(gateway: Gateway) -> None:
    await _seed(gateway)
    account = await add_account(gateway.engine)
    await add_owned(gateway.engine, account.sid, OWNED)
    near = GeographyFilter(near=NearFilter(*MIDTOWN, 25))

    async def read(conn: AsyncConnection) -> Any:
        return await list_active_numbers(
            conn,
            account_sid=account.sid,
            flt=ActiveNumberFilter(geography=near),
            order=None,
            page_args=ActivePage(first=50),
            selection=SELECTION,
            now=T0,
        )

    lines = await _plans(gateway.engine, read, _grow_owned)
    dialect = gateway.engine.dialect.name
    assert len(_spatial_searches(lines, dialect)) == 2, "\n".join(lines)
    assert _full_scans(lines) == [], "\n".join(lines)
    if dialect == "postgresql":
        walk = _statement_plans(lines)[0]
        # the walk in page order (an index's, at most an incremental sort of its ties), one
        # row at a time, stopped by the page's LIMIT
        nodes = [line.lstrip("-> ") for line in walk]
        assert not any(
            node.startswith("Sort  (") or "Hash" in node or "Seq Scan" in node for node in nodes
        ), "\n".join(walk)
        assert walk[1].startswith("->  Nested Loop"), "\n".join(walk)


def _statement_plans(lines: list[str]) -> list[list[str]]:
    """PostgreSQL's plan lines cut into one list per statement (each starts at a top node)."""
    plans: list[list[str]] = []
    for line in lines:
        if not line.startswith("->") and "(cost=" in line:
            plans.append([])
        plans[-1].append(line)
    return plans


@pytest.mark.parametrize(
    ("search", "index"),
    [
        (CatalogSearch(iso_country="US", in_postal_code="00042"), "postal_code"),
        (CatalogSearch(iso_country="US", in_region="r7"), "lower_region"),
        (CatalogSearch(iso_country="US", in_locality="town 42"), "lower_locality"),
    ],
)
async def test_place_filters_read_their_index(
    gateway: Gateway, search: CatalogSearch, index: str
) -> None:
    await _seed(gateway)
    lines = await _plans(gateway.engine, _search(search))
    used = [line for line in lines if f"ix_catalog_numbers_iso_country_{index}" in line]
    # page and count; PostgreSQL may rather walk the primary key in page order to fill a
    # page from a place that holds a large share of the catalog (a region: 1 in 50 here)
    wanted = 2 if gateway.engine.dialect.name == "sqlite" or index != "lower_region" else 1
    assert len(used) >= wanted, "\n".join(lines)
    assert _full_scans(lines) == [], "\n".join(lines)
