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
