"""Catalog search: a leading-wildcard ``contains`` through the resolver, against a full scan.

The resolver's page (trigram index on SQLite and PostgreSQL) is timed against the plain
``LIKE`` of the same pattern over the whole ``catalog_numbers`` table, with the index ruled
out (``phone_number || '' LIKE :p``), on an already seeded, large database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.read_path import capture
from bench.stats import sample
from resolvers.catalog.contains import parse_contains
from resolvers.catalog.query import PageArgs, list_available_numbers
from resolvers.catalog.search import CatalogSearch
from resolvers.clock import SystemClock
from resolvers.selection import SelectionTree
from resolvers.tables import catalog_numbers as c

PATTERN = "*7306"  # any one digit, then 7306, anywhere in the number
PAGE_SIZE = 50
SELECTION: SelectionTree = {
    "nodes": {"phoneNumber": {}, "pricing": {"monthlyFee": {"amount": {}}}},
    "pageInfo": {"endCursor": {}},
}


async def measure_contains(
    engine: AsyncEngine, repeat: int, pattern: str = PATTERN
) -> dict[str, Any]:
    """p50s of the resolver's first page and of the forced full scan, and their ratio."""
    iso_country, number_type = await _largest_market(engine)
    search = CatalogSearch(iso_country=iso_country, type=number_type, contains=pattern)
    like = parse_contains(pattern).like()
    page_rows: list[int] = []

    async def through_resolver() -> None:
        async with engine.connect() as conn:
            page = await list_available_numbers(
                conn,
                search=search,
                page_args=PageArgs(first=PAGE_SIZE),
                selection=SELECTION,
                now=SystemClock().now(),
            )
        page_rows.append(len(page["nodes"]))

    scan = select(c.c.phone_number).where(c.c.phone_number.concat("").like(like))
    scan_rows: list[int] = []

    async def full_scan() -> None:
        async with engine.connect() as conn:
            scan_rows.append(len((await conn.execute(scan)).all()))

    resolver, scanned = await sample(through_resolver, repeat), await sample(full_scan, repeat)
    return {
        "pattern": pattern,
        "like": like,
        "iso_country": iso_country,
        "type": number_type,
        "page_rows": page_rows[-1],
        "scan_rows": scan_rows[-1],
        "resolver_p50_ms": resolver.p50_ms,
        "scan_p50_ms": scanned.p50_ms,
        "ratio_scan_to_resolver": scanned.p50_ms / resolver.p50_ms,
        "resolver_plan": await _plan(engine, through_resolver),
    }


async def _largest_market(engine: AsyncEngine) -> tuple[str, str]:
    """The (country, type) with the most catalog numbers: the search users make most."""
    statement = (
        select(c.c.iso_country, c.c.type)
        .group_by(c.c.iso_country, c.c.type)
        .order_by(func.count().desc())
        .limit(1)
    )
    async with engine.connect() as conn:
        row = (await conn.execute(statement)).one()
    return str(row[0]), str(row[1])


async def _plan(engine: AsyncEngine, run: Any) -> list[str]:
    """The query plan of the statement ``run`` issues (EXPLAIN QUERY PLAN / EXPLAIN)."""
    with capture(engine) as captured:
        await run()
    statement, parameters = captured.statements[-1]
    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as conn:
        explain = ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement
        rows = (await conn.exec_driver_sql(explain, parameters)).all()
    return [str(row[-1]) for row in rows]
