"""Catalog search in process: the ``contains`` scenario's page through the resolver, against a
plain ``LIKE`` scan of the same pattern over the whole catalog.

The scan rules the index out (``phone_number || '' LIKE :p``): it is what the search would cost
without the trigram index, for scale. It is slow on a big catalog, so it is timed fewer times.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.floor import capture, catalog_search
from bench.scenarios import ReadScenario
from bench.stats import sample
from resolvers.catalog.contains import parse_contains
from resolvers.catalog.query import PageArgs, list_available_numbers
from resolvers.core.clock import SystemClock
from resolvers.core.tables import catalog_numbers as c


async def measure_contains(
    engine: AsyncEngine, scenario: ReadScenario, repeat: int, scan_repeat: int
) -> dict[str, Any]:
    """p50s of the resolver's page and of the forced full scan, the ratio and the plan."""
    search = catalog_search(scenario.variables["search"])
    pattern = search.contains or ""
    selection = {"nodes": scenario.node_selection()}
    page_rows: list[int] = []

    async def through_resolver() -> None:
        async with engine.connect() as conn:
            page = await list_available_numbers(
                conn,
                search=search,
                page_args=PageArgs(first=scenario.first),
                selection=selection,
                now=SystemClock().now(),
            )
        page_rows.append(len(page["nodes"]))

    scan = select(c.c.phone_number).where(
        c.c.phone_number.concat("").like(parse_contains(pattern).like())
    )
    scan_rows: list[int] = []

    async def full_scan() -> None:
        async with engine.connect() as conn:
            scan_rows.append(len((await conn.execute(scan)).all()))

    resolver = await sample(through_resolver, repeat)
    scanned = await sample(full_scan, scan_repeat, warmup=1)
    return {
        "pattern": pattern,
        "iso_country": search.iso_country,
        "type": search.type,
        "page_rows": page_rows[-1],
        "scan_rows": scan_rows[-1],
        "resolver": resolver.figures(),
        "scan": scanned.figures(),
        "ratio_scan_to_resolver": scanned.p50_ms / resolver.p50_ms,
        "resolver_plan": await _plan(engine, through_resolver),
    }


async def _plan(engine: AsyncEngine, run: Any) -> list[str]:
    """The query plan of the statement ``run`` issues (EXPLAIN QUERY PLAN / EXPLAIN)."""
    with capture(engine) as captured:
        await run()
    statement, parameters = captured[-1]
    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as conn:
        explain = ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement
        rows = (await conn.exec_driver_sql(explain, parameters)).all()
    return [str(row[-1]) for row in rows]
