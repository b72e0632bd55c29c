"""``python -m bench`` (``make bench``): the gateway against its floor, over loopback HTTP.

Seeds (or reuses the cached) catalog, measures statement counts and the per-field cost in
process, starts the gateway and the floor with uvicorn, runs every scenario side by side and
the purchase/release loop, prints the figures and the issue's targets, and writes
bench/results/<time>.json, .png and .md (the table as bench/RESULTS.md keeps it). Bounded in
time: the expected duration is printed first.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson
from rich.console import Console

from bench.chart import write_chart
from bench.dataset import CACHE
from bench.figures import figures
from bench.harness import Options, expected_seconds, run
from bench.http_runs import Load
from bench.markdown import markdown
from bench.report import print_report

RESULTS = Path(__file__).parent / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--database",
        help="postgresql://user@host:port/db to measure PostgreSQL (created and seeded when "
        "missing or empty); default: SQLite, cached in bench/.cache",
    )
    parser.add_argument("--catalog-size", type=int, default=1_000_000)
    parser.add_argument("--owned", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers per server")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per loaded phase")
    parser.add_argument(
        "--latency-duration",
        type=float,
        default=None,
        help="seconds of the one-client phase (default: 40%% of --duration)",
    )
    parser.add_argument("--repeat", type=int, default=40, help="in-process samples per path")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON and PNG go")
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help="where seeded SQLite catalogs are kept"
    )
    return parser.parse_args(argv)


def options_from(args: argparse.Namespace) -> Options:
    latency = args.latency_duration
    load = Load(args.clients, args.duration, args.duration * 0.4 if latency is None else latency)
    return Options(
        database=args.database,
        catalog_size=args.catalog_size,
        owned=args.owned,
        seed=args.seed,
        workers=args.workers,
        load=load,
        repeat=args.repeat,
        scan_repeat=max(3, args.repeat // 8),
        cache=args.cache,
    )


def main(argv: list[str] | None = None) -> Path:
    args = parse_args(argv)
    options = options_from(args)
    console = Console(width=160)
    console.print(
        f"bench: about {expected_seconds(options):.0f} s of measuring"
        " (plus seeding when the dataset is not cached yet)"
    )
    result = figures(run(options, console))
    print_report(result, console)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stem = out / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    json_path, png_path = stem.with_suffix(".json"), stem.with_suffix(".png")
    json_path.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    write_chart(result, png_path)
    command = shlex.join(["python", "-m", "bench", *(sys.argv[1:] if argv is None else argv)])
    markdown_path = stem.with_suffix(".md")
    markdown_path.write_text(markdown(result, command))
    console.print(f"figures: {json_path}\nchart:   {png_path}\ntable:   {markdown_path}")
    return json_path


if __name__ == "__main__":
    main()
