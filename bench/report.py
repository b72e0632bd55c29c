"""The printed report: HTTP side by side (with the baselines), in-process µs/field, search,
targets."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

DASH = "—"


def _num(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return DASH if value is None else f"{value:,.{digits}f}{suffix}"


def print_report(result: dict[str, Any], console: Console) -> None:
    meta = result["meta"]
    console.print(
        f"[bold]{meta['dialect']}[/bold], {meta['catalog_size']:,} catalog numbers "
        f"({meta['owned']:,} owned), {meta['workers']} worker(s), {meta['clients']} clients, "
        f"{meta['duration_s']:g} s per phase, {meta['cpus']} CPUs; "
        f"run took {meta['run_seconds']:.0f} s"
    )
    console.print(_http_table(result["http"]))
    for line in _baseline_lines(result["http"]):
        console.print(line)
    if any((item["gateway"] or {}).get("loaded_skipped") for item in result["http"]):
        console.print(
            "¹ one client only: C clients would have queued for longer than a phase (C x p50 "
            "> D), so the loaded phase was skipped for both sides"
        )
    console.print(_in_process_table(result["in_process"]))
    contains = result["contains_in_process"]
    if contains:
        console.print(
            f"contains {contains['pattern']!r} in {contains['iso_country']} {contains['type']}, "
            f"in process: resolver page p50 {_num(contains['resolver'].get('p50_ms'), 2)} ms, "
            f"full LIKE scan p50 {_num(contains['scan'].get('p50_ms'), 1)} ms "
            f"({_num(contains['ratio_scan_to_resolver'], 0)}x); plan: "
            + "; ".join(contains["resolver_plan"])
        )
    console.print(_targets_table(result["targets"]))


def _http_table(items: list[dict[str, Any]]) -> Table:
    table = Table(title="over HTTP (loopback), side by side with the floor")
    for column in (
        "scenario",
        "side",
        "req/s",
        "p50 ms",
        "p99 ms",
        "p50 ms 1 client",
        "SQL/req",
        "peak RSS/worker MB",
        "client CPU",
        "req/s ÷ floor",
        "p50 ÷ floor",
    ):
        table.add_column(column, justify="left" if column in ("scenario", "side") else "right")
    for item in items:
        sides = [("floor", item["floor"]), ("gateway", item["gateway"])]
        sides += [(BASELINE_LABELS[name], side) for name, side in item.get("baselines", {}).items()]
        for label, side in sides:
            if side is None:
                continue
            is_gateway = side is item["gateway"]
            if is_gateway and item.get("executor"):
                label = f"gateway ({item['executor']})"
            table.add_row(
                item["title"] if not is_gateway or item["floor"] is None else "",
                label,
                _num(side["throughput_rps"], 0) + (" ¹" if side.get("loaded_skipped") else ""),
                _num(side["loaded"].get("p50_ms"), 2),
                _num(side["loaded"].get("p99_ms"), 2),
                _num(side["one_client"].get("p50_ms"), 2),
                DASH
                if side["statements_per_request"] is None
                else str(side["statements_per_request"]),
                ", ".join(f"{mb:.0f}" for mb in side["peak_rss_mb_per_worker"]) or DASH,
                f"{side['client_cpu_share']:.0%}",
                _num(item.get("ratio_throughput"), 2, "x") if is_gateway else "",
                _num(item.get("ratio_p50"), 2, "x") if is_gateway else "",
            )
    return table


BASELINE_LABELS = {"raw_rows": "raw rows (baseline)", "transport": "transport (baseline)"}


def _baseline_lines(items: list[dict[str, Any]]) -> list[str]:
    """The ratios against the baselines, measured in the same run (``bench.baselines``)."""
    lines = []
    for item in items:
        if "baselines" not in item:
            continue
        lines.append(
            f"{item['title']}: floor ÷ raw rows {_num(item.get('ratio_floor_to_raw_rows'), 2)}x "
            "(time per request under load; one client: "
            f"{_num(item.get('ratio_floor_to_raw_rows_p50_one_client'), 2)}x), gateway ÷ "
            f"transport {_num(_percent(item.get('ratio_gateway_to_transport')), 1)} % "
            "(throughput)"
        )
    return lines


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else ratio * 100


def _in_process_table(cases: list[dict[str, Any]]) -> Table:
    table = Table(title="in process (no HTTP, no auth): the GraphQL layer's cost per field")
    for column in (
        "scenario",
        "fields",
        "floor p50 ms",
        "standard p50 ms",
        "compiled p50 ms",
        "standard µs/field",
        "compiled µs/field",
        "compiled ÷ floor",
    ):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for case in cases:
        table.add_row(
            case["title"],
            f"{case['fields_per_response']:,}",
            _num(case["floor"].get("p50_ms"), 2),
            _num(case["standard"].get("p50_ms"), 2),
            _num(case["compiled"].get("p50_ms"), 2),
            _num(case["standard_us_per_field_above_floor"], 2),
            _num(case["compiled_us_per_field_above_floor"], 2),
            _num(case["ratio_compiled_to_floor"], 2, "x"),
        )
    return table


def _targets_table(targets: list[dict[str, Any]]) -> Table:
    table = Table(title="targets (issues #5 and #12)")
    for column in ("target", "measured", "goal", "measured ÷ goal", "met"):
        table.add_column(column, justify="left" if column == "target" else "right")
    for target in targets:
        sign = "≥" if target["goal_is_minimum"] else "≤"
        met = target["met"]
        table.add_row(
            target["target"],
            _num(target["measured"], 2, " " + target["unit"]),
            f"{sign} {target['goal']:g} {target['unit']}",
            _num(target["ratio_to_goal"], 2),
            DASH if met is None else ("[green]yes[/green]" if met else "[red]no[/red]"),
        )
    return table
