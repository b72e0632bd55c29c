"""The PNG: throughput per scenario (gateway beside its floor) and p50/p99 latencies."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_chart(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    items = result["http"]
    labels = [item["name"] for item in items]
    positions = list(range(len(items)))
    width = 0.38
    figure, (left, right) = plt.subplots(1, 2, figsize=(15, 5.5))

    floor = [item["floor"]["throughput_rps"] if item["floor"] else 0 for item in items]
    gateway = [item["gateway"]["throughput_rps"] for item in items]
    left.bar([p - width / 2 for p in positions], floor, width, label="floor", color="#999999")
    bars = left.bar([p + width / 2 for p in positions], gateway, width, label="gateway")
    for bar, item in zip(bars, items, strict=True):
        ratio = item.get("ratio_throughput")
        if ratio is not None:
            left.annotate(
                f"{ratio:.0%}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    left.set_title("throughput (req/s); label: gateway as a share of the floor")
    left.set_xticks(positions, labels, rotation=30, ha="right")
    left.legend()

    for offset, side, key, color in (
        (-1.5, "floor", "p50_ms", "#bbbbbb"),
        (-0.5, "floor", "p99_ms", "#777777"),
        (0.5, "gateway", "p50_ms", "#4c72b0"),
        (1.5, "gateway", "p99_ms", "#dd8452"),
    ):
        values = [
            (item[side] or {}).get("loaded", {}).get(key, 0) if item[side] else 0 for item in items
        ]
        right.bar(
            [p + offset * width / 2 for p in positions],
            values,
            width / 2,
            label=f"{side} {key[:3]}",
            color=color,
        )
    right.set_title(f"latency under load, {result['meta']['clients']} clients (ms, log)")
    right.set_yscale("log")
    right.set_xticks(positions, labels, rotation=30, ha="right")
    right.legend()

    meta = result["meta"]
    figure.suptitle(
        f"numbers-gateway bench: {meta['dialect']}, {meta['catalog_size']:,} catalog numbers, "
        f"{meta['workers']} worker(s), {meta['at']}"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
