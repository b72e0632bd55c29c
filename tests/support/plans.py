"""The query plans of the statements a read issues, for the plan tests (both databases)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

Issued = list[tuple[str, Any]]


def is_select(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT")


@contextmanager
def statements_issued(
    engine: AsyncEngine, keep: Callable[[str], bool] = is_select
) -> Iterator[Issued]:
    """Every statement (with its parameters) ``keep`` accepts, issued inside the block."""
    issued: Issued = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if keep(statement):
            issued.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield issued
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def plan_lines(conn: AsyncConnection, issued: Issued) -> list[str]:
    """The plan lines of each issued statement (EXPLAIN QUERY PLAN on SQLite)."""
    explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    lines = []
    for statement, parameters in issued:
        rows = (await conn.exec_driver_sql(explain + statement, parameters)).all()
        lines += [str(row[-1]).strip() for row in rows]
    return lines


async def vacuum_analyze(conn: AsyncConnection, *tables: str) -> None:
    """Fresh statistics for ``tables`` and their dead rows gone (PostgreSQL), committing
    ``conn`` first: tests reset their database with DELETE (tests/support/databases.py), so
    the dead rows of earlier tests would otherwise weigh in the plan and make it depend on
    which tests ran before."""
    await conn.commit()
    async with conn.engine.connect() as other:
        autocommit = await other.execution_options(isolation_level="AUTOCOMMIT")
        for table in tables:
            await autocommit.execute(text(f"VACUUM ANALYZE {table}"))
