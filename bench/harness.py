"""One run: dataset, in-process figures, both servers, every scenario side by side."""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console

from bench.baselines import BASELINED
from bench.dataset import Dataset, prepare
from bench.http_runs import Load, ScenarioRun, Side, run_purchase_loop, run_scenario
from bench.in_process import InProcess, measure_in_process
from bench.purchase_loop import LoopResult
from bench.scenarios import MARKET, ReadScenario, active_number_scenarios, search_scenarios
from bench.servers import gateway_and_floor
from gateway.auth import basic_auth_header

STARTUP_SECONDS = 10  # both servers, the in-process app and a cached dataset's copy
# In process, per sample at 1M on a quiet 2-core machine: the five paths of three pages
# (the standard executor's page of 500 is most of it), and one full LIKE scan.
IN_PROCESS_SAMPLE_SECONDS = 0.4
SCAN_SECONDS = 0.5


@dataclass(frozen=True)
class Options:
    database: str | None
    catalog_size: int
    owned: int
    seed: int
    workers: int
    load: Load
    repeat: int
    scan_repeat: int
    cache: Path


@dataclass
class Run:
    options: Options
    dataset: Dataset
    in_process: InProcess
    scenarios: list[ScenarioRun]
    loop: LoopResult
    loop_peak_rss_mb: list[float]
    loop_peaks_reset: bool
    seconds: float


def expected_seconds(options: Options, read_scenarios: int = 6) -> float:
    load = options.load
    per_side = 0.3 + load.latency_duration + load.duration
    in_process = (options.repeat + 3) * IN_PROCESS_SAMPLE_SECONDS
    in_process += (options.scan_repeat + 1) * SCAN_SECONDS
    sides = read_scenarios * 2 + len(BASELINED) * 2  # floor and gateway; raw rows, transport
    return sides * per_side + load.duration + STARTUP_SECONDS + in_process


def run(options: Options, console: Console) -> Run:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        workdir = Path(directory)
        dataset = prepare(
            options.database,
            options.catalog_size,
            options.owned,
            options.seed,
            workdir,
            options.cache,
        )
        scenarios = active_number_scenarios() + search_scenarios()
        market = MARKET
        console.print(f"in process: statement counts, µs/field (repeat {options.repeat}) …")
        in_process = asyncio.run(
            measure_in_process(dataset, scenarios, market, options.repeat, options.scan_repeat)
        )
        runs, loop, peaks, reset = _over_http(options, dataset, scenarios, market, workdir, console)
    return Run(
        options, dataset, in_process, runs, loop, peaks, reset, time.perf_counter() - started
    )


def _over_http(
    options: Options,
    dataset: Dataset,
    scenarios: list[ReadScenario],
    market: dict[str, Any],
    workdir: Path,
    console: Console,
) -> tuple[list[ScenarioRun], LoopResult, list[float], bool]:
    auth = basic_auth_header(dataset.account_sid, dataset.auth_token)
    floor_scenarios = orjson.dumps([s.as_json() for s in scenarios]).decode()
    with gateway_and_floor(
        dataset.url, dataset.account_sid, floor_scenarios, options.workers, workdir
    ) as (gateway, floor):
        runs = []
        for scenario in scenarios:
            console.print(f"HTTP: {scenario.title} …")
            runs.append(asyncio.run(run_scenario(scenario, gateway, floor, auth, options.load)))
        console.print("HTTP: (e) purchase/release loop …")
        loop, peaks, reset = asyncio.run(run_purchase_loop(gateway, auth, market, options.load))
    return runs, loop, peaks, reset


def loop_side(run: Run) -> Side:
    """The loop as a gateway side (its one-client phase is not run: the loaded one is it)."""
    return Side(run.loop.phase, run.loop.phase, run.loop_peak_rss_mb, run.loop_peaks_reset)
