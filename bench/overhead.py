"""``python -m bench.overhead``: the request-overhead scenarios alone, in a minute or so.

Issue #12 items 4 and 7: the full-tree page of 50 and the small page (10 numbers, 3 fields),
each against the floor over loopback HTTP, one client then C clients, on the dataset
``make bench`` uses (``--database`` for PostgreSQL). No in-process figures, no searches and no
purchase loop: a short run whose ratios (gateway ÷ floor, same run) are comparable across
commits. ``make bench`` runs the same two scenarios among the others.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table

from bench.dataset import CACHE, prepare
from bench.http_runs import Load, ScenarioRun, run_scenario
from bench.scenarios import active_number_scenarios, small_page_scenario
from bench.servers import gateway_and_floor
from gateway.auth import basic_auth_header


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__)
    parser.add_argument("--database", help="postgresql://… (default: the cached SQLite)")
    parser.add_argument("--catalog-size", type=int, default=1_000_000)
    parser.add_argument("--owned", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=4.0)
    parser.add_argument("--latency-duration", type=float, default=3.0)
    return parser.parse_args(argv)


def measure(args: argparse.Namespace) -> list[ScenarioRun]:
    scenarios = [*active_number_scenarios((50,))[:1], small_page_scenario()]
    load = Load(args.clients, args.duration, args.latency_duration)
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        workdir = Path(directory)
        dataset = prepare(args.database, args.catalog_size, args.owned, 7, workdir, CACHE)
        auth = basic_auth_header(dataset.account_sid, dataset.auth_token)
        floor_scenarios = orjson.dumps([s.as_json() for s in scenarios]).decode()
        with gateway_and_floor(
            dataset.url, dataset.account_sid, floor_scenarios, args.workers, workdir
        ) as (gateway, floor):
            return [
                asyncio.run(run_scenario(scenario, gateway, floor, auth, load))
                for scenario in scenarios
            ]


def report(runs: list[ScenarioRun], console: Console) -> None:
    table = Table(title="request overhead: gateway beside its floor, one run")
    for column in ("scenario", "side", "p50 ms 1 client", "req/s", "p50 ms loaded"):
        table.add_column(column, justify="left" if column in ("scenario", "side") else "right")
    for item in runs:
        assert item.floor is not None
        sides = (("floor", item.floor), ("gateway", item.gateway))
        for name, side in sides:
            table.add_row(
                item.scenario.name,
                name,
                f"{side.one_client.samples.p50_ms:.2f}",
                f"{side.loaded.throughput:,.0f}",
                f"{side.loaded.samples.p50_ms:.1f}",
            )
        latency = item.gateway.one_client.samples.p50_ms / item.floor.one_client.samples.p50_ms
        throughput = item.gateway.loaded.throughput / item.floor.loaded.throughput
        table.add_row(
            item.scenario.name, "gateway ÷ floor", f"{latency:.2f}x", f"{throughput:.2f}x"
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    report(measure(args), Console(width=120))


if __name__ == "__main__":
    main()
