"""The ``numbers-gateway`` command (also ``python -m gateway``)."""

from __future__ import annotations

import asyncio
import copy
import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from gateway.documents_command import documents_cli
from gateway.jobs_command import jobs_cli
from gateway.settings import Settings
from gateway.terminal import console as _console

cli = typer.Typer(help="A GraphQL gateway over a phone-number catalog.", no_args_is_help=True)
cli.add_typer(jobs_cli, name="jobs")
cli.add_typer(documents_cli, name="documents")
DatabaseOption = Annotated[
    str | None, typer.Option("--database", help="Database URL (default: GATEWAY_DATABASE_URL).")
]


def _settings(database: str | None) -> Settings:
    return Settings(database_url=database) if database else Settings()


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default: GATEWAY_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: GATEWAY_PORT.")] = None,
    workers: Annotated[int | None, typer.Option(help="Default: GATEWAY_WORKERS.")] = None,
) -> None:
    """Start the gateway with uvicorn (migrating the database first, once)."""
    import os

    import uvicorn

    settings = Settings()
    if settings.migrate_on_start:
        migrate_command(None)
        # Workers must not race each other migrating: the parent just did it.
        os.environ["GATEWAY_MIGRATE_ON_START"] = "false"
    uvicorn.run(
        "gateway.app:app_from_environment",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        log_level=settings.log_level,
        log_config=_log_config(settings.log_level),
    )


def _log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging, with the gateway's own loggers (``gateway.jobs``: what the in-process
    job passes did) printed the same way at the same level."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["gateway"] = {
        "handlers": ["default"],
        "level": level.upper(),
        "propagate": False,
    }
    return config


@cli.command("migrate")
def migrate_command(database: DatabaseOption = None) -> None:
    """Create or upgrade the tables (idempotent)."""
    from gateway.database import create_engine
    from gateway.migrate import current_revision, migrate

    async def run() -> str | None:
        engine = create_engine(_settings(database))
        try:
            await migrate(engine)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    revision = asyncio.run(run())
    _console().print(f"database at revision {revision}")


@cli.command("webhook-secret")
def webhook_secret_command(database: DatabaseOption = None) -> None:
    """Print the key webhooks are signed with: GATEWAY_WEBHOOK_SECRET when set, else the secret
    generated at the first migrate (stored in the database)."""
    from gateway.database import create_engine
    from resolvers.core.clock import SystemClock
    from resolvers.events.secret import webhook_secret

    settings = _settings(database)

    async def read() -> str:
        engine = create_engine(settings)
        try:
            async with engine.begin() as conn:
                return await webhook_secret(conn, "", SystemClock().now())
        finally:
            await engine.dispose()

    if settings.webhook_secret:
        _console().print("from GATEWAY_WEBHOOK_SECRET (it overrides the stored one)")
        sys.stdout.write(settings.webhook_secret + "\n")
        return
    secret = asyncio.run(read())
    _console().print("generated at the first migrate, stored in the database")
    sys.stdout.write(secret + "\n")


@cli.command("seed-demo")
def seed_demo_command(
    database: DatabaseOption = None,
    size: Annotated[int, typer.Option(help="Catalog numbers to create.")] = 100_000,
    owned: Annotated[int, typer.Option(help="Numbers the demo accounts own.")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 7,
    if_empty: Annotated[bool, typer.Option(help="Do nothing when accounts exist.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print credentials as JSON.")] = False,
) -> None:
    """Fill the database with a demo catalog and demo accounts; print the credentials."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from gateway.seed_command import run_seed

    console = _console()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=as_json and not sys.stderr.isatty(),
    ) as progress:
        credentials = asyncio.run(
            run_seed(_settings(database), size, owned, seed, if_empty, progress)
        )
    if credentials is None:
        console.print("database already has accounts; nothing seeded")
        return
    if as_json:
        sys.stdout.write(orjson.dumps(credentials.as_json_dict()).decode() + "\n")
        return
    for key, value in credentials.as_json_dict().items():
        console.print(f"{key:>22}: [bold]{value}[/bold]")


DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Check the file and count what would change; write nothing."),
]
CsvFile = Annotated[Path, typer.Argument(help="CSV file with a header line.")]


@cli.command("import-catalog")
def import_catalog_command(
    file: CsvFile, database: DatabaseOption = None, dry_run: DryRunOption = False
) -> None:
    """Upsert catalog numbers from a CSV file (README, Importing data); all or nothing."""
    from gateway.import_command import CATALOG, run_import_command

    run_import_command(CATALOG, "catalog", file, _settings(database), dry_run)


@cli.command("import-lookups")
def import_lookups_command(
    file: CsvFile, database: DatabaseOption = None, dry_run: DryRunOption = False
) -> None:
    """Upsert carrier data (what `lookup` answers) from a CSV file; all or nothing."""
    from gateway.import_command import LOOKUPS, run_import_command

    run_import_command(LOOKUPS, "lookup data", file, _settings(database), dry_run)


@cli.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = Path(
        "schema/schema.graphql"
    ),
    check: Annotated[bool, typer.Option(help="Fail if the file differs instead.")] = False,
) -> None:
    """Write the GraphQL schema (SDL) exported from the code."""
    from schema.build import export_sdl

    sdl = export_sdl()
    if check:
        if not output.exists() or output.read_text() != sdl:
            _console().print(f"{output} is out of date: run export-schema")
            raise typer.Exit(1)
        return
    output.write_text(sdl)
    _console().print(f"wrote {output}")


def main() -> None:
    cli()
