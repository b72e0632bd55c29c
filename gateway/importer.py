"""Importing a CSV file into the database in one transaction: the engine of ``import-catalog``
and ``import-lookups``.

The file is read as a stream (a thousand rows at a time are parsed and written), so its size
does not bound memory. Every row is checked; each bad one is reported with its line number and
reason. One bad row and nothing is imported: the transaction is rolled back, so a bad file
leaves the database as it was (and the rest of the file is still checked, so that one run
lists every bad row). A good file is written whole, in that one transaction. The first load
into an empty table builds its secondary indexes once at the end, as the demo seeder does,
instead of row by row (several times faster for a million rows).
"""

from __future__ import annotations

import csv
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.seed.bulk_load import indexes_deferred
from resolvers.catalog.import_fields import RowError
from resolvers.catalog.writes import WriteCounts

BATCH = 1000
Row = dict[str, Any]
Writer = Callable[[AsyncConnection, Sequence[Row], datetime], Awaitable[WriteCounts]]


@dataclass(frozen=True)
class ImportSpec:
    """What one kind of import reads and where it writes."""

    table: Table
    required: tuple[str, ...]
    optional: tuple[str, ...]
    parse: Callable[[Mapping[str, str]], Row]
    write: Writer


@dataclass
class ImportReport:
    rows: int = 0
    bad: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)


class BadFile(Exception):
    """The file cannot be read as this import's CSV at all (header, encoding, quoting)."""


class _Rollback(Exception):
    pass


async def import_rows(
    engine: AsyncEngine,
    lines: Iterable[str],
    spec: ImportSpec,
    now: datetime,
    on_bad: Callable[[int, str], None],
    dry_run: bool = False,
    on_rows: Callable[[int], None] = lambda rows: None,
) -> ImportReport:
    """Check and write every row of ``lines`` (CSV text with a header) in one transaction;
    ``on_rows`` hears how many rows are read, a batch at a time."""
    records = _records(lines, spec)
    report = ImportReport()
    try:
        async with engine.connect() as connection:
            conn = await connection.execution_options(write=True)
            async with conn.begin(), _indexes_deferred_if_empty(conn, spec.table):
                await _import(conn, records, spec, now, on_bad, on_rows, report)
                if report.bad or dry_run:
                    raise _Rollback  # before the indexes are rebuilt: the rollback keeps them
    except _Rollback:
        pass
    return report


async def _import(
    conn: AsyncConnection,
    records: Iterator[tuple[int, Mapping[str, str] | str]],
    spec: ImportSpec,
    now: datetime,
    on_bad: Callable[[int, str], None],
    on_rows: Callable[[int], None],
    report: ImportReport,
) -> None:
    batch: list[Row] = []
    for line, record in records:
        report.rows += 1
        if report.rows % BATCH == 0:
            on_rows(report.rows)
        try:
            if isinstance(record, str):
                raise RowError("row", record)
            row = spec.parse(record)
        except RowError as error:
            report.bad += 1
            on_bad(line, str(error))
            continue
        if report.bad:
            continue  # doomed: keep checking, stop writing
        batch.append(row)
        if len(batch) >= BATCH:
            report.counts.add(await spec.write(conn, batch, now))
            batch = []
    if batch and not report.bad:
        report.counts.add(await spec.write(conn, batch, now))
    on_rows(report.rows)


@asynccontextmanager
async def _indexes_deferred_if_empty(conn: AsyncConnection, table: Table) -> AsyncIterator[None]:
    if await conn.scalar(select(literal(1)).select_from(table).limit(1)) is not None:
        yield
        return
    async with indexes_deferred(conn, table.name):
        yield


def _records(
    lines: Iterable[str], spec: ImportSpec
) -> Iterator[tuple[int, Mapping[str, str] | str]]:
    """(line number, fields by column) per record, or (line number, why it is not a record)."""
    reader = csv.reader(lines)
    try:
        columns = _header(next(reader, None), spec)
        for record in reader:
            if not any(value.strip() for value in record):
                continue  # a blank line
            if len(record) != len(columns):
                found = f"has {len(record)} fields where the header has {len(columns)}"
                yield reader.line_num, found
            else:
                yield reader.line_num, dict(zip(columns, record, strict=True))
    except csv.Error as error:
        raise BadFile(f"line {reader.line_num}: not readable as CSV: {error}") from None
    except UnicodeDecodeError as error:
        raise BadFile(f"after line {reader.line_num}: not UTF-8 text: {error.reason}") from None


def _header(header: list[str] | None, spec: ImportSpec) -> list[str]:
    if header is None:
        raise BadFile("the file is empty: it needs a header line naming its columns")
    columns = [name.strip().lower() for name in header]
    known = (*spec.required, *spec.optional)
    unknown = [name for name in columns if name not in known]
    missing = [name for name in spec.required if name not in columns]
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if unknown or missing or twice:
        problems = [
            *(f"unknown column {name!r}" for name in unknown),
            *(f"missing column {name!r}" for name in missing),
            *(f"column {name!r} appears twice" for name in twice),
        ]
        raise BadFile(f"line 1: {'; '.join(problems)} (columns: {', '.join(known)})")
    return columns
