"""``numbers-gateway documents register FILE.graphql…``: trusted documents.

Each file is one document; its hash is the SHA-256 of the file's text exactly as read (UTF-8),
which is what a client sends as ``extensions.persistedQuery.sha256Hash`` for that text. Files
that do not parse or validate against the schema are refused and nothing is registered.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer

from gateway.settings import Settings

documents_cli = typer.Typer(
    help="Trusted documents (persisted queries a production frontend may run).",
    no_args_is_help=True,
)


@documents_cli.command("register")
def register_command(
    files: Annotated[list[Path], typer.Argument(help="GraphQL documents, one per file.")],
    database: Annotated[
        str | None, typer.Option("--database", help="Database URL (default: GATEWAY_DATABASE_URL).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print {file: sha256} as JSON.")] = False,
) -> None:
    """Validate the documents and store their hashes as trusted (idempotent)."""
    from rich.console import Console  # not in a serving process (gateway.cli)

    console = Console(stderr=True)
    texts = {str(path): path.read_text(encoding="utf-8") for path in files}
    problems = _invalid(texts)
    if problems:
        for problem in problems:
            console.print(problem, soft_wrap=True, markup=False)
        raise typer.Exit(1)
    settings = Settings(database_url=database) if database else Settings()
    hashes = asyncio.run(_register(settings, texts))
    if as_json:
        typer.echo(orjson.dumps(hashes).decode())
        return
    for name, sha256 in hashes.items():
        console.print(f"{sha256}  {name}", soft_wrap=True, markup=False)


def _invalid(texts: dict[str, str]) -> list[str]:
    from gateway.app import shared_schema
    from schema.compiled.documents import prepare_document

    schema = shared_schema()._schema
    problems = []
    for name, text in texts.items():
        for error in prepare_document(schema, text).errors:
            problems.append(f"{name}: {error.message}")
    return problems


async def _register(settings: Settings, texts: dict[str, str]) -> dict[str, str]:
    from gateway.database import create_engine
    from gateway.persisted import PersistedDocuments, sha256_hex

    engine = create_engine(settings)
    try:
        store = PersistedDocuments(engine, settings.persisted_queries_max)
        await store.register_trusted(texts.values(), datetime.now(UTC))
    finally:
        await engine.dispose()
    return {name: sha256_hex(text) for name, text in texts.items()}
