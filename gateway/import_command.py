"""``numbers-gateway import-catalog`` and ``import-lookups``: a CSV file in, with a progress bar.

Exit codes: 0 imported (or nothing to change), 1 bad rows (each listed; nothing imported),
2 a file that cannot be read as the import's CSV (missing, header, encoding).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from gateway.importer import BadFile, ImportReport, ImportSpec, import_rows
from gateway.settings import Settings
from resolvers.catalog import import_rows as catalog_rows
from resolvers.catalog import lookup_rows
from resolvers.catalog.writes import write_catalog_rows, write_lookup_rows
from resolvers.core.tables import catalog_numbers, number_lookups

CATALOG = ImportSpec(
    catalog_numbers,
    catalog_rows.REQUIRED,
    catalog_rows.OPTIONAL,
    catalog_rows.catalog_row,
    write_catalog_rows,
)
LOOKUPS = ImportSpec(
    number_lookups,
    lookup_rows.REQUIRED,
    lookup_rows.OPTIONAL,
    lookup_rows.lookup_row,
    write_lookup_rows,
)

EXIT_BAD_ROWS = 1
EXIT_BAD_FILE = 2


def run_import_command(
    spec: ImportSpec, noun: str, path: Path, settings: Settings, dry_run: bool
) -> None:
    """Import ``path`` into ``settings``' database; print every bad row and a summary."""
    console = Console(stderr=True, soft_wrap=True)  # one line per bad row, for grep
    if not path.is_file():
        console.print(f"{escape(str(path))}: no such file")
        raise typer.Exit(EXIT_BAD_FILE)

    def on_bad(line: int, reason: str) -> None:
        console.print(f"{escape(str(path))}:{line}: {escape(reason)}")

    try:
        report = asyncio.run(_run(spec, path, settings, dry_run, on_bad, console))
    except BadFile as error:
        console.print(f"{escape(str(path))}: {escape(str(error))}; nothing imported")
        raise typer.Exit(EXIT_BAD_FILE) from None
    console.print(summary(report, noun, dry_run))
    if report.bad:
        raise typer.Exit(EXIT_BAD_ROWS)


async def _run(
    spec: ImportSpec,
    path: Path,
    settings: Settings,
    dry_run: bool,
    on_bad: Callable[[int, str], None],
    console: Console,
) -> ImportReport:
    from gateway.database import create_engine
    from resolvers.core.clock import SystemClock

    engine = create_engine(settings)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    task = progress.add_task(f"importing {path.name}", rows=0)

    def on_rows(rows: int) -> None:
        progress.update(task, rows=rows)

    try:
        with (
            progress,
            progress.open(path, "r", encoding="utf-8-sig", newline="", task_id=task) as lines,
        ):
            now = SystemClock().now()
            return await import_rows(engine, lines, spec, now, on_bad, dry_run, on_rows)
    finally:
        await engine.dispose()


def summary(report: ImportReport, noun: str, dry_run: bool) -> str:
    """One line saying what happened (or, for a dry run, what would have)."""
    if report.bad:
        return (
            f"nothing imported: {report.bad} of {report.rows} rows are bad (listed above); "
            f"the {noun} is as it was"
        )
    counts = report.counts
    kept = ""
    if counts.kept:
        kept = f"; {counts.kept} numbers not for sale (owned, reserved, aging or departed)"
        kept += " left as they are"
    if not counts.changed:
        return f"nothing changed: the {noun} already holds all {report.rows} rows{kept}"
    verb = "dry run, nothing written: would import" if dry_run else "imported"
    return (
        f"{verb} {report.rows} rows into the {noun}: {counts.inserted} new, "
        f"{counts.updated} updated, {counts.unchanged} unchanged{kept}"
    )
