"""Bulk loading a table: its secondary indexes are built once at the end, not row by row.

With a million catalog rows, keeping six secondary indexes (and, on SQLite, the trigram search
index that an insert trigger maintains) up to date row by row costs several times the insert
itself. Inside the seeding transaction the indexes are dropped and re-created afterwards from
the database's own stored definitions, so whatever the migrations made comes back verbatim. An
insert trigger is suspended only when all it does is feed an external-content FTS5 table of
the loaded table; that table is rebuilt at the end. Everything is transactional DDL: if the
load fails, the rollback brings the indexes and triggers back untouched.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_INSERT_TARGET = re.compile(r"INSERT\s+INTO\s+[\"'`]?(\w+)", re.IGNORECASE)
_AFTER_INSERT = re.compile(r"\bAFTER\s+INSERT\s+ON\b", re.IGNORECASE)


@dataclass
class _Suspended:
    definitions: list[str] = field(default_factory=list)  # DDL to run again, in order
    rebuild: list[str] = field(default_factory=list)  # FTS5 tables to rebuild


@asynccontextmanager
async def indexes_deferred(conn: AsyncConnection, table: str) -> AsyncIterator[None]:
    """Drop ``table``'s secondary indexes for the body and re-create them after it.

    Must run inside a transaction: on an error the rollback restores everything.
    """
    if conn.dialect.name == "sqlite":
        suspended = await _suspend_sqlite(conn, table)
    elif conn.dialect.name == "postgresql":
        suspended = await _suspend_postgresql(conn, table)
    else:
        suspended = _Suspended()
    yield
    for definition in suspended.definitions:
        await conn.exec_driver_sql(definition)
    quote = conn.dialect.identifier_preparer.quote_identifier
    for fts in suspended.rebuild:
        # names come from the database's own catalog, quoted as identifiers
        rebuild = f"INSERT INTO {quote(fts)}({quote(fts)}) VALUES ('rebuild')"  # noqa: S608
        await conn.exec_driver_sql(rebuild)


async def _suspend_sqlite(conn: AsyncConnection, table: str) -> _Suspended:
    suspended = _Suspended()
    for name, sql in await _sqlite_objects(conn, "index", table):
        await _drop(conn, "INDEX", name)
        suspended.definitions.append(sql)
    searches = await _fts_tables_of(conn, table)
    for name, sql in await _sqlite_objects(conn, "trigger", table):
        targets = set(_INSERT_TARGET.findall(sql))
        if _AFTER_INSERT.search(sql) and targets and targets <= searches:
            await _drop(conn, "TRIGGER", name)
            suspended.definitions.append(sql)
            suspended.rebuild.extend(sorted(targets - set(suspended.rebuild)))
    return suspended


async def _sqlite_objects(conn: AsyncConnection, kind: str, table: str) -> list[tuple[str, str]]:
    """(name, sql) of the indexes or triggers on ``table`` that have stored SQL (not the
    automatic index of a primary key or unique constraint)."""
    result = await conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = :kind AND tbl_name = :table AND sql IS NOT NULL ORDER BY name"
        ),
        {"kind": kind, "table": table},
    )
    return [(str(name), str(sql)) for name, sql in result]


async def _fts_tables_of(conn: AsyncConnection, table: str) -> set[str]:
    """FTS5 tables whose external content is ``table``."""
    content = re.compile(rf"content\s*=\s*['\"]?{re.escape(table)}['\"]?", re.IGNORECASE)
    result = await conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE :pattern"),
        {"pattern": "CREATE VIRTUAL TABLE%USING fts5%"},
    )
    return {str(name) for name, sql in result if content.search(str(sql))}


async def _suspend_postgresql(conn: AsyncConnection, table: str) -> _Suspended:
    """Indexes that no constraint owns (the primary key stays: it guards uniqueness)."""
    result = await conn.execute(
        text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " WHERE i.schemaname = current_schema() AND i.tablename = :table"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
            "   WHERE c.conname = i.indexname AND c.conrelid = CAST(:table AS regclass))"
            " ORDER BY i.indexname"
        ),
        {"table": table},
    )
    suspended = _Suspended()
    for name, definition in result.all():
        await _drop(conn, "INDEX", str(name))
        suspended.definitions.append(str(definition))
    return suspended


async def _drop(conn: AsyncConnection, kind: str, name: str) -> None:
    await conn.exec_driver_sql(f"DROP {kind} {conn.dialect.identifier_preparer.quote(name)}")
