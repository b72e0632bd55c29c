"""Timing samples and their summary figures."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.seconds) * 1000

    def figures(self) -> dict[str, float]:
        if not self.seconds:
            return {"count": 0}
        return {
            "count": len(self.seconds),
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "mean_ms": self.mean_ms,
        }


async def sample(run: Callable[[], Awaitable[object]], repeat: int, warmup: int = 3) -> Samples:
    for _ in range(warmup):
        await run()
    samples = Samples()
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        samples.seconds.append(time.perf_counter() - started)
    return samples
