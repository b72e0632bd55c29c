"""A run as one JSON-ready dict (what ``bench/results/<time>.json`` holds), with the targets of
issues #5 and #12 judged from it. The printed table and the chart are drawn from this dict."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from typing import Any

from bench.harness import Run
from bench.http_runs import ScenarioRun, Side

TARGET_CATALOG_SIZE = 1_000_000


def figures(run: Run) -> dict[str, Any]:
    options, dataset, in_process = run.options, run.dataset, run.in_process
    scenarios = [
        _scenario(
            item, in_process.gateway_statements, in_process.floor_statements, in_process.executors
        )
        for item in run.scenarios
    ]
    scenarios += _loop(run)
    result: dict[str, Any] = {
        "meta": {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "dialect": dataset.dialect,
            "catalog_size": dataset.catalog_size,
            "owned": dataset.owned,
            "seeded_seconds": dataset.seeded_seconds,
            "workers": options.workers,
            "clients": options.load.clients,
            "duration_s": options.load.duration,
            "one_client_duration_s": options.load.latency_duration,
            "in_process_repeat": options.repeat,
            "run_seconds": run.seconds,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "machine": platform.platform(),
        },
        "http": scenarios,
        "in_process": [case.as_dict() for case in in_process.cases],
        "contains_in_process": in_process.contains,
    }
    result["targets"] = targets(result)
    return result


def _scenario(
    item: ScenarioRun,
    gateway_statements: dict[str, int],
    floor_statements: dict[str, int],
    executors: dict[str, str],
) -> dict[str, Any]:
    name = item.scenario.name
    gateway = _side(item.gateway, gateway_statements.get(name))
    entry: dict[str, Any] = {
        "name": name,
        "title": item.scenario.title,
        "response_bytes": item.response_bytes,
        "executor": executors.get(name),
        "gateway": gateway,
        "floor": None,
    }
    if item.floor is not None:
        floor = _side(item.floor, floor_statements.get(name))
        entry["floor"] = floor
        entry["ratio_throughput"] = _ratio(gateway["throughput_rps"], floor["throughput_rps"])
        entry["ratio_p50"] = _ratio(gateway["loaded"].get("p50_ms"), floor["loaded"].get("p50_ms"))
        entry["ratio_p99"] = _ratio(gateway["loaded"].get("p99_ms"), floor["loaded"].get("p99_ms"))
    if item.baselines:
        entry |= _baselines(item, entry)
    return entry


# Statements per request of the baselines: raw rows read the page by primary key once; the
# transport returns bytes it holds.
BASELINE_STATEMENTS = {"raw_rows": 1, "transport": 0}


def _baselines(item: ScenarioRun, entry: dict[str, Any]) -> dict[str, Any]:
    """The baselines' sides and the ratios against them (measured in the same run):
    floor ÷ raw rows as time per request (raw rows' throughput over the floor's, and the
    one-client p50s), gateway ÷ transport as throughput."""
    sides = {
        name: _side(side, BASELINE_STATEMENTS.get(name)) for name, side in item.baselines.items()
    }
    raw, transport = sides.get("raw_rows"), sides.get("transport")
    floor, gateway = entry["floor"] or {}, entry["gateway"]
    found: dict[str, Any] = {"baselines": sides}
    if raw is not None:
        found["ratio_floor_to_raw_rows"] = _ratio(
            raw["throughput_rps"], floor.get("throughput_rps")
        )
        found["ratio_floor_to_raw_rows_p50_one_client"] = _ratio(
            floor.get("one_client", {}).get("p50_ms"), raw["one_client"].get("p50_ms")
        )
    if transport is not None:
        found["ratio_gateway_to_transport"] = _ratio(
            gateway["throughput_rps"], transport["throughput_rps"]
        )
    return found


def _side(side: Side, statements: int | None) -> dict[str, Any]:
    return side.as_dict() | {"statements_per_request": statements}


def _loop(run: Run) -> list[dict[str, Any]]:
    loop = run.loop
    phase = loop.phase
    entries = []
    for name, samples in (("purchase", loop.purchase), ("release", loop.release)):
        entries.append(
            {
                "name": name,
                "title": f"(e) {name} (purchase/release loop)",
                "response_bytes": None,
                "executor": "standard",
                "floor": None,
                "no_floor_because": "a mutation is a transaction of checks, ledger, state change "
                "and event: a bare route doing the same would be a second use-case",
                "ran_out_of_numbers": loop.ran_out,
                "gateway": {
                    "throughput_rps": len(samples.seconds) / phase.seconds if phase.seconds else 0,
                    "requests": len(samples.seconds),
                    "clients": phase.clients,
                    "loaded": samples.figures(),
                    "one_client": {"count": 0},
                    "client_cpu_share": phase.client_cpu_share,
                    "peak_rss_mb_per_worker": run.loop_peak_rss_mb,
                    "peak_is_per_phase": run.loop_peaks_reset,
                    "statements_per_request": run.in_process.gateway_statements.get(name),
                },
            }
        )
    return entries


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _by_name(result: dict[str, Any], section: str, name: str) -> dict[str, Any] | None:
    return next((item for item in result[section] if item["name"] == name), None)


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issues #5 and #12's targets: measured, target, measured/target, met (None: not
    measured)."""
    meta = result["meta"]
    comparable = meta["dialect"] == "sqlite" and meta["catalog_size"] >= TARGET_CATALOG_SIZE
    full50 = _by_name(result, "http", "full_tree_50")
    full500 = _by_name(result, "http", "full_tree_500")
    contains = _by_name(result, "http", "contains")
    case50 = _by_name(result, "in_process", "full_tree_50")
    rss = max((full500 or {}).get("gateway", {}).get("peak_rss_mb_per_worker") or [0.0])
    floor_rss = max(((full500 or {}).get("floor") or {}).get("peak_rss_mb_per_worker") or [0.0])
    two_workers = meta["workers"] == 2
    rows = [
        _target(
            "full-tree page of 50: throughput vs the floor",
            (full50 or {}).get("ratio_throughput"),
            0.40,
            at_least=True,
            unit="x floor",
        ),
        _target(
            "in process, compiled: µs per response field above the floor (page of 50)",
            (case50 or {}).get("compiled_us_per_field_above_floor"),
            0.5,
            at_least=False,
            unit="µs",
        ),
        _target(
            "contains with a leading wildcard: p50, one client, over HTTP"
            + ("" if comparable else " (not 1M on SQLite: not the target's setting)"),
            (contains or {}).get("gateway", {}).get("one_client", {}).get("p50_ms"),
            20.0,
            at_least=False,
            unit="ms",
        ),
        _target(
            f"peak RSS per gateway worker, full-tree pages of 500 under load (floor: "
            f"{floor_rss:.0f} MB)",
            rss or None,
            120.0,
            at_least=False,
            unit="MB",
        ),
        _target(
            "full-tree page of 50: floor ÷ raw rows, time per request under load",
            (full50 or {}).get("ratio_floor_to_raw_rows"),
            2.0,
            at_least=False,
            unit="x",
        ),
        _target(
            "full-tree page of 50: gateway ÷ transport, throughput"
            + ("" if two_workers else " (not 2 workers: not the target's setting)"),
            _percent((full50 or {}).get("ratio_gateway_to_transport")),
            3.0,
            at_least=True,
            unit="%",
        ),
    ]
    return [*rows, *overhead_targets(result)]


def overhead_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue #12 items 4 and 7: a request's own cost beside its SQL's."""
    full50 = _by_name(result, "http", "full_tree_50") or {}
    small = _by_name(result, "http", "small_10") or {}
    one_client = (full50.get("gateway") or {}).get("one_client", {}).get("p50_ms")
    floor_one_client = (full50.get("floor") or {}).get("one_client", {}).get("p50_ms")
    return [
        _target(
            "full-tree page of 50: one-client p50 vs the floor's",
            _ratio(one_client, floor_one_client),
            1.3,
            at_least=False,
            unit="x floor",
        ),
        _target(
            "small page (10 numbers, 3 fields): one-client p50",
            (small.get("gateway") or {}).get("one_client", {}).get("p50_ms"),
            2.0,
            at_least=False,
            unit="ms",
        ),
    ]


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else ratio * 100


def _target(
    name: str, measured: float | None, target: float, *, at_least: bool, unit: str
) -> dict[str, Any]:
    met = None if measured is None else (measured >= target if at_least else measured <= target)
    return {
        "target": name,
        "measured": measured,
        "goal": target,
        "goal_is_minimum": at_least,
        "unit": unit,
        "ratio_to_goal": None if measured is None else measured / target,
        "met": met,
    }
