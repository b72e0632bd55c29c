"""A run's HTTP table and targets as Markdown (``bench/results/<time>.md``), the form
``bench/RESULTS.md`` keeps of the latest run on each database."""

from __future__ import annotations

from typing import Any

DASH = "—"
LABELS = {"raw_rows": "raw rows (baseline)", "transport": "transport (baseline)"}


def _num(value: float | None, digits: int = 1) -> str:
    return DASH if value is None else f"{value:,.{digits}f}"


def markdown(result: dict[str, Any], command: str) -> str:
    meta = result["meta"]
    lines = [
        f"{meta['dialect']}, {meta['catalog_size']:,} catalog numbers ({meta['owned']:,} owned), "
        f"{meta['workers']} worker(s), {meta['clients']} clients, {meta['duration_s']:g} s per "
        f"loaded phase, {meta['cpus']} CPUs; measured {meta['at']}",
        "",
        f"`{command}`",
        "",
        *_http_rows(result["http"]),
        "",
        "¹ one client only (C x p50 > D: the loaded phase was skipped for both sides)",
        "",
        "| target | measured | goal | met |",
        "|---|---:|---:|---|",
    ]
    for target in result["targets"]:
        sign = "≥" if target["goal_is_minimum"] else "≤"
        met = DASH if target["met"] is None else ("yes" if target["met"] else "no")
        unit = target["unit"]
        lines.append(
            f"| {target['target']} | {_num(target['measured'], 2)} {unit} | "
            f"{sign} {target['goal']:g} {unit} | {met} |"
        )
    return "\n".join(lines) + "\n"


def _http_rows(items: list[dict[str, Any]]) -> list[str]:
    rows = [
        "| scenario | side | req/s | p50 ms | p99 ms | p50 ms 1 client | SQL/req "
        "| peak RSS/worker MB | req/s ÷ floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for item in items:
        sides = [("floor", item.get("floor")), ("gateway", item["gateway"])]
        sides += [(LABELS[name], side) for name, side in (item.get("baselines") or {}).items()]
        for label, side in sides:
            if side is not None:
                rows.append(_row(item, label, side))
    return rows


def _row(item: dict[str, Any], label: str, side: dict[str, Any]) -> str:
    skipped = " ¹" if side.get("loaded_skipped") else ""
    ratio = item.get("ratio_throughput") if side is item["gateway"] else None
    statements = side["statements_per_request"]
    cells = [
        item["title"],
        label,
        _num(side["throughput_rps"], 0) + skipped,
        _num(side["loaded"].get("p50_ms")),
        _num(side["loaded"].get("p99_ms")),
        _num(side["one_client"].get("p50_ms"), 2),
        DASH if statements is None else str(statements),
        ", ".join(f"{mb:.0f}" for mb in side["peak_rss_mb_per_worker"]) or DASH,
        "" if ratio is None else f"{ratio:.2f}x",
    ]
    return "| " + " | ".join(cells) + " |"
