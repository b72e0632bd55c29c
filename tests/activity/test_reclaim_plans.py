"""The reclaim pass finds its candidates through the stored verdict's index, not by a scan of
every number (issue #12, item 1).

The plans are those of the very statements the pass issues (captured from the driver), for
the warning step (candidates not yet warned) and the withdrawal step (warned numbers active
again): SQLite's EXPLAIN QUERY PLAN, and PostgreSQL's EXPLAIN after ANALYZE on 20,000 more
numbers in use (all active) grown server-side. Neither may read all of owned_numbers.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.activity.reclaim import warn_batch
from resolvers.activity.warnings import withdraw_warnings
from resolvers.core.tables import catalog_numbers, owned_numbers
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_number, new_caller
from tests.support.plans import plan_lines, statements_issued, vacuum_analyze

TEMPLATE = "+12015550100"
GROWN_ROWS = 20_000
CANDIDATES_INDEX = "ix_owned_numbers_origin_status_activity_anchor_day"
WARNED_INDEX = "reclaim_after"  # (status, reclaim_after) or (reclaim_after)
NOW = T0 + timedelta(days=60)


async def _grow(conn: AsyncConnection, template_sid: str) -> None:
    """20,000 more active numbers in use, copies of the template's rows (by PostgreSQL)."""
    phone = "'+1202' || (2000000 + g)::text"
    others = [c.name for c in catalog_numbers.columns if c.name != "phone_number"]
    await conn.execute(
        text(
            f"INSERT INTO catalog_numbers (phone_number, {', '.join(others)}) "
            f"SELECT {phone}, {', '.join(others)} FROM catalog_numbers "
            "CROSS JOIN generate_series(1, :n) AS g WHERE phone_number = :template"
        ),
        {"n": GROWN_ROWS, "template": TEMPLATE},
    )
    fixed = ("sid", "phone_number", "activity_anchor_day")
    owned = [c.name for c in owned_numbers.columns if c.name not in fixed]
    await conn.execute(
        text(
            f"INSERT INTO owned_numbers ({', '.join(fixed)}, {', '.join(owned)}) "
            f"SELECT 'PN' || md5(g::text), {phone}, DATE '2100-01-01', {', '.join(owned)} "
            "FROM owned_numbers CROSS JOIN generate_series(1, :n) AS g WHERE sid = :template"
        ),
        {"n": GROWN_ROWS, "template": template_sid},
    )
    await vacuum_analyze(conn, "catalog_numbers", "owned_numbers")


def _reads_or_updates_numbers(statement: str) -> bool:
    return "owned_numbers" in statement and not statement.lstrip().startswith("INSERT")


async def _plans(engine: AsyncEngine, template_sid: str) -> list[str]:
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            await _grow(conn, template_sid)
        with statements_issued(engine, _reads_or_updates_numbers) as issued:
            async with conn.begin() as transaction:
                await withdraw_warnings(conn, NOW)
                await warn_batch(conn, NOW, 100, timedelta(days=14))
                await transaction.rollback()
        return await plan_lines(conn, issued)


def _full_scans(lines: list[str]) -> list[str]:
    return [
        line
        for line in lines
        if line in ("SCAN owned_numbers", "SCAN o")
        or line.startswith("SCAN owned_numbers USING")
        or "Seq Scan on owned_numbers" in line
    ]


async def test_reclaim_reads_its_candidates_through_the_index(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    template = await add_number(gateway.engine, caller.sid, TEMPLATE)
    await add_number(gateway.engine, caller.sid, "+14155550100")  # inactive: a candidate
    lines = await _plans(gateway.engine, template)
    assert any(CANDIDATES_INDEX in line for line in lines), "\n".join(lines)  # warn
    assert any(WARNED_INDEX in line for line in lines), "\n".join(lines)  # withdraw
    assert _full_scans(lines) == [], "\n".join(lines)
