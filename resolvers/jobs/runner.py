"""The job runner: the passes it is given, once (``jobs run``) or again and again (``jobs serve``).

A pass that fails is logged and reported, and the passes after it still run: one broken pass
must not stop renewals. Time inside a pass comes from ``env.clock``; only the pause between
two runs of ``run_forever`` is real time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from resolvers.jobs.environment import JobEnvironment, Passes

logger = logging.getLogger("gateway.jobs")


@dataclass(frozen=True)
class PassResult:
    name: str
    count: int  # items the pass processed (0 when it failed)
    seconds: float
    error: str | None = None

    def as_json_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "count": self.count,
            "seconds": round(self.seconds, 3),
            "error": self.error,
        }


async def run_once(env: JobEnvironment, passes: Passes) -> list[PassResult]:
    """Run each pass once, in order; one result per pass."""
    results = []
    for name, job in passes:
        started = time.perf_counter()
        try:
            count = await job(env)
        except Exception as error:  # reported, and the next passes still run
            logger.exception("job pass %s failed", name)
            elapsed = time.perf_counter() - started
            results.append(PassResult(name, 0, elapsed, f"{type(error).__name__}: {error}"))
            continue
        results.append(PassResult(name, count, time.perf_counter() - started))
    return results


async def run_forever(
    env: JobEnvironment,
    interval_seconds: float,
    stop: asyncio.Event,
    report: Callable[[list[PassResult]], None] | None,
    passes: Passes,
) -> int:
    """Run the passes every ``interval_seconds`` until ``stop`` is set; how many runs.

    A stop request lets the run in progress finish (each pass commits batch by batch, so an
    interrupted process would lose no more than one batch anyway) and ends the pause at once.
    """
    runs = 0
    while not stop.is_set():
        results = await run_once(env, passes)
        runs += 1
        if report is not None:
            report(results)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval_seconds)
    return runs
