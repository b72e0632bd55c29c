"""``python -m bench`` (``make bench``): seed, then measure reads against their floor.

Loopback/in-process only, bounded by --repeat. Prints a table and writes bench/results/*.json.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path
from typing import Any

import httpx
import orjson
from rich.console import Console
from rich.table import Table

from bench.queries import FULL_TREE_PAGE, PARTIAL_PAGE
from bench.read_path import CaseResult, measure_case
from bench.search import measure_contains
from gateway.app import create_app
from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.seed import DemoCredentials, database_is_empty, seed_demo
from gateway.settings import Settings
from resolvers.accounts import authenticate
from resolvers.clock import SystemClock
from schema.build import build_schema

RESULTS = Path(__file__).parent / "results"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--database", help="database URL (default: a new temp SQLite file)")
    parser.add_argument("--catalog-size", type=int, default=100_000)
    parser.add_argument("--owned", type=int, default=1_200)
    parser.add_argument("--repeat", type=int, default=40)
    return parser.parse_args()


async def prepare(url: str, catalog_size: int, owned: int, console: Console) -> DemoCredentials:
    engine = create_engine(Settings(database_url=url))
    try:
        await migrate(engine)
        if not await database_is_empty(engine):
            raise SystemExit(f"{url} already has data; give the harness an empty database")
        console.print(f"seeding {catalog_size:,} catalog numbers, {owned:,} owned …")
        return await seed_demo(engine, size=catalog_size, owned=owned, now=SystemClock().now())
    finally:
        await engine.dispose()


async def run(
    args: argparse.Namespace, url: str, console: Console
) -> tuple[list[CaseResult], dict[str, Any]]:
    credentials = await prepare(url, args.catalog_size, args.owned, console)
    app = create_app(Settings(database_url=url, migrate_on_start=False))
    schema = build_schema()
    auth = basic_auth_header(credentials.account_sid, credentials.auth_token)
    async with app.router.lifespan_context(app):
        engine = app.state.engine
        async with engine.connect() as conn:
            viewer = await authenticate(conn, credentials.account_sid, credentials.auth_token)
        assert viewer is not None
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers={"Authorization": auth}
        ) as http:
            cases = [
                ("full tree, page of 50", FULL_TREE_PAGE, {"first": 50}),
                ("full tree, page of 500", FULL_TREE_PAGE, {"first": 500}),
                ("partial, page of 50", PARTIAL_PAGE, {"first": 50}),
            ]
            results = [
                await measure_case(
                    name, query, variables, schema, engine, viewer, http, args.repeat
                )
                for name, query, variables in cases
            ]
            return results, await measure_contains(engine, args.repeat)


def report(results: list[CaseResult], console: Console) -> None:
    table = Table(title="read path: GraphQL against the floor (same SQL + dicts + orjson)")
    for column in (
        "case",
        "fields",
        "SQL/req (in-proc, HTTP)",
        "floor p50 ms",
        "GraphQL p50 ms",
        "HTTP p50 ms",
        "ratio",
        "µs/field over floor",
        "compiled p50 ms",
        "compiled ratio",
        "compiled µs/field",
    ):
        table.add_column(column, justify="right")
    for result in results:
        figures = result.as_dict()
        table.add_row(
            result.name,
            str(result.fields_per_response),
            f"{result.statements_in_process}, {result.statements_http}",
            f"{result.floor.p50_ms:.2f}",
            f"{result.graphql.p50_ms:.2f}",
            f"{result.http.p50_ms:.2f}",
            f"{figures['ratio_in_process_to_floor']:.1f}x",
            f"{figures['us_per_field_above_floor']:.2f}",
            f"{result.compiled.p50_ms:.2f}",
            f"{figures['ratio_compiled_to_floor']:.1f}x",
            f"{figures['compiled_us_per_field_above_floor']:.2f}",
        )
    console.print(table)


def main() -> None:
    args = parse_args()
    console = Console(width=150)
    with tempfile.TemporaryDirectory() as directory:
        url = args.database or f"sqlite:///{directory}/bench.db"
        results, search = asyncio.run(run(args, url, console))
    report(results, console)
    console.print(
        f"contains {search['pattern']!r} over {args.catalog_size:,} numbers: "
        f"indexed page p50 {search['resolver_p50_ms']:.2f} ms, "
        f"full LIKE scan p50 {search['scan_p50_ms']:.2f} ms "
        f"({search['ratio_scan_to_resolver']:.0f}x)"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "read_path.json"
    figures = {"read_path": [r.as_dict() for r in results], "contains_search": search}
    out.write_bytes(orjson.dumps(figures, option=orjson.OPT_INDENT_2))
    console.print(f"figures written to {out}")


if __name__ == "__main__":
    main()
