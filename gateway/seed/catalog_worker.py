"""Drawing a large catalog in a worker process, so that drawing and writing overlap.

Validating every number with ``phonenumbers`` is most of the cost of a big catalog and is pure
Python, so a thread would only contend for the GIL. One worker process runs the very same
generator (same seed, hence the same rows) while this process inserts. Small catalogs are drawn
in this process: starting a worker costs about a second.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
from collections import deque
from collections.abc import AsyncGenerator, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from gateway.seed.catalog import catalog_chunks
from gateway.seed.rows import Row

PARALLEL_FROM_SIZE = 200_000
CHUNKS_IN_FLIGHT = 2

# the worker process's generator, set up by its initializer
_worker_chunks: Iterator[list[Row]] | None = None


@dataclass(frozen=True)
class CatalogPlan:
    seed: int
    size: int
    assigned: frozenset[int]  # indices of the rows the demo accounts own
    chunk_size: int

    def chunks(self) -> Iterator[list[Row]]:
        return catalog_chunks(random.Random(self.seed), self.size, self.assigned, self.chunk_size)

    @property
    def chunk_count(self) -> int:
        return -(-self.size // self.chunk_size)


async def drawn_chunks(
    plan: CatalogPlan, *, in_worker: bool | None = None
) -> AsyncGenerator[list[Row], None]:
    """The plan's chunks in order; drawn in a worker process when ``in_worker`` (by default:
    for large catalogs on a machine with more than one CPU)."""
    if in_worker is None:
        in_worker = plan.size >= PARALLEL_FROM_SIZE and (os.cpu_count() or 1) > 1
    if not in_worker:
        for chunk in plan.chunks():
            yield chunk
        return
    # spawn, not fork: this process runs threads (the SQLite driver's), which fork would copy
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, context, initializer=_start_worker, initargs=(plan,)) as pool:
        loop = asyncio.get_running_loop()
        # one worker runs its tasks in submission order, so chunks arrive in order
        pending = deque(
            loop.run_in_executor(pool, _next_chunk)
            for _ in range(min(CHUNKS_IN_FLIGHT, plan.chunk_count))
        )
        submitted = len(pending)
        while pending:
            chunk = await pending.popleft()
            if submitted < plan.chunk_count:
                pending.append(loop.run_in_executor(pool, _next_chunk))
                submitted += 1
            yield chunk


def _start_worker(plan: CatalogPlan) -> None:
    global _worker_chunks
    _worker_chunks = plan.chunks()


def _next_chunk() -> list[Row]:
    if _worker_chunks is None:
        raise RuntimeError("the catalog worker was not started")
    return next(_worker_chunks)
