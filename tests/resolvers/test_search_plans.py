"""A leading-wildcard ``contains`` is served by the trigram index, not by a scan.

The plans are those of the very statements the resolver issues (captured from the driver):
SQLite's EXPLAIN QUERY PLAN must look the pattern up in the FTS5 trigram table; PostgreSQL's
EXPLAIN (after ANALYZE, on a catalog grown server-side to 20,000 rows) must read the pg_trgm
GIN index. A bare area-code prefix must be a primary-key range on both.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.catalog.query import PageArgs, list_available_numbers
from resolvers.catalog.search import CatalogSearch
from resolvers.core.tables import catalog_numbers
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.plans import plan_lines, statements_issued, vacuum_analyze

TEMPLATE = "+12015550100"
GROWN_ROWS = 20_000


async def _grow_catalog(conn: AsyncConnection) -> None:
    """Copies of one row under 20,000 more numbers, made by PostgreSQL itself (fast)."""
    others = [col.name for col in catalog_numbers.columns if col.name != "phone_number"]
    names = ", ".join(others)
    await conn.execute(
        text(
            f"INSERT INTO catalog_numbers (phone_number, {names}) "
            f"SELECT '+1202' || (2000000 + g * 373)::text, {names} "
            "FROM catalog_numbers CROSS JOIN generate_series(1, :n) AS g "
            "WHERE phone_number = :template"
        ),
        {"n": GROWN_ROWS, "template": TEMPLATE},
    )
    await vacuum_analyze(conn, "catalog_numbers")


async def _plans(engine: AsyncEngine, search: CatalogSearch) -> list[str]:
    """The plan lines of the page and count statements of ``search``."""
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await _grow_catalog(conn)
        with statements_issued(engine) as issued:
            await list_available_numbers(
                conn,
                search=search,
                page_args=PageArgs(first=50),
                selection={"nodes": {"phoneNumber": {}}, "totalCount": {}},
                now=T0,
            )
        lines = await plan_lines(conn, issued)
    assert len(issued) == 2
    return lines


def _full_scans(lines: list[str]) -> list[str]:
    """Lines that read the whole table (or the whole primary key) to find the rows."""
    return [
        line
        for line in lines
        if line == "SCAN catalog_numbers"
        or line.startswith("SCAN catalog_numbers USING")
        or "Seq Scan on catalog_numbers" in line
    ]


async def test_a_leading_wildcard_reads_the_trigram_index(gateway: Gateway) -> None:
    numbers = [TEMPLATE, "+14155557306", "+14155550100", "+12125557306"]
    await add_catalog(gateway.engine, [catalog_row(n) for n in numbers])
    lines = await _plans(gateway.engine, CatalogSearch(iso_country="US", contains="%7306%"))
    if gateway.engine.dialect.name == "sqlite":
        fts = [line for line in lines if "catalog_numbers_fts VIRTUAL TABLE INDEX" in line]
        assert len(fts) == 2, lines  # page and count
        assert all(":M" in line for line in fts), lines  # a MATCH, not the LIKE fallback
        # the trigram candidates drive the plan: rows are fetched by rowid, the market's
        # (country, type, state) index is not walked (that read all US numbers at 1M rows)
        market = [line for line in lines if "ix_catalog_numbers_iso_country_type" in line]
        assert market == [], lines
        assert any("USING INTEGER PRIMARY KEY (rowid=?)" in line for line in lines), lines
    else:
        trigram = "Bitmap Index Scan on ix_catalog_numbers_phone_number_trgm"
        assert len([line for line in lines if trigram in line]) == 2, "\n".join(lines)
    assert _full_scans(lines) == [], lines


async def test_an_area_code_is_a_primary_key_range(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(TEMPLATE), catalog_row("+14155550100")])
    lines = await _plans(gateway.engine, CatalogSearch(iso_country="US", area_code="415"))
    ranges = [line for line in lines if "phone_number" in line and ">" in line and "<" in line]
    assert ranges, "\n".join(lines)
    assert _full_scans(lines) == [], lines


async def _grow_with_matches(conn: AsyncConnection, share: int) -> None:
    """20,000 more numbers, one in ``share`` of them containing 7306, so that PostgreSQL's
    statistics expect many matches of ``*7306``."""
    others = [col.name for col in catalog_numbers.columns if col.name != "phone_number"]
    names = ", ".join(others)
    number = (
        "CASE WHEN g % :share = 0 THEN '+1212' || (10000 + g)::text || '7306' "
        "ELSE '+1202' || (2000000 + g * 3)::text END"
    )
    await conn.execute(
        text(
            f"INSERT INTO catalog_numbers (phone_number, {names}) "
            f"SELECT {number}, {names} "
            "FROM catalog_numbers CROSS JOIN generate_series(1, :n) AS g "
            "WHERE phone_number = :template"
        ),
        {"n": GROWN_ROWS, "template": TEMPLATE, "share": share},
    )
    await vacuum_analyze(conn, "catalog_numbers")


async def test_a_leading_wildcard_page_comes_from_the_candidates_whatever_the_estimate(
    gateway: Gateway,
) -> None:
    """On PostgreSQL the page of an unanchored pattern is sorted from the trigram index's
    candidates, never found by walking the primary key in page order: with statistics that
    expect many matches the planner chose that walk, and when the estimate is wrong (a 1M
    catalog after a day of purchases) it read most of the catalog for one page (120 ms
    instead of 1.5 ms). SQLite's FTS5 lookup always goes candidates first."""
    engine = gateway.engine
    await add_catalog(engine, [catalog_row(TEMPLATE)])
    search = CatalogSearch(iso_country="US", contains="*7306")
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await _grow_with_matches(conn, share=20)
        with statements_issued(engine) as issued:
            page = await list_available_numbers(
                conn,
                search=search,
                page_args=PageArgs(first=50),
                selection={"nodes": {"phoneNumber": {}}, "pageInfo": {"endCursor": {}}},
                now=T0,
            )
        lines = await plan_lines(conn, issued)
        if conn.dialect.name == "postgresql":
            walks = [line for line in lines if "Index Scan using pk_catalog_numbers" in line]
            assert walks == [], "\n".join(lines)
            trigram = "Bitmap Index Scan on ix_catalog_numbers_phone_number_trgm"
            assert any(trigram in line for line in lines), "\n".join(lines)
            numbers = [node["phone_number"] for node in page["nodes"]]
            assert len(numbers) == 50
            assert numbers == sorted(numbers)
            assert all("7306" in number for number in numbers)
            after = page["page_info"]["end_cursor"]
            following = await list_available_numbers(
                conn,
                search=search,
                page_args=PageArgs(first=50, after=after),
                selection={"nodes": {"phoneNumber": {}}},
                now=T0,
            )
            rest = [node["phone_number"] for node in following["nodes"]]
            assert rest
            assert rest[0] > numbers[-1]
            assert rest == sorted(rest)
    assert _full_scans(lines) == [], lines
