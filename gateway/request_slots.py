"""How many GraphQL requests one process serves at once on SQLite.

Each request in progress holds a pooled connection (with its aiosqlite thread and page cache),
its page's rows and its response while it is written. With one event loop per process and
SQLite in the same process, more requests in progress do not finish sooner: the CPU is already
busy. They only hold more memory at once: at 8 clients on pages of 500 full-tree numbers the
peak resident memory of a worker grew by ~5 MB per request in progress (issue 12 item 6). So
on SQLite a request may wait for one of ``GATEWAY_SQLITE_CONCURRENT_REQUESTS`` slots before it
signs in, holding nothing but its parsed HTTP request. Off by default: with 4 slots, small
pages lost about a third of their throughput at 8 clients (while every admitted request waits
for its SQLite thread, the event loop has nothing to do), so bounding memory this way is a
deployment's choice. PostgreSQL's pool already bounds its
requests (``GATEWAY_POOL_SIZE`` plus as many overflow), and there the database's work happens
in another process, so it takes no slot.

A request holds one slot from sign-in to its response (a mutation's write transaction
included) and never waits for a second, so slots cannot deadlock.
"""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import AbstractAsyncContextManager

from gateway.settings import Settings


def request_slots(settings: Settings) -> AbstractAsyncContextManager[None]:
    """What a GraphQL request enters before it signs in: a semaphore on SQLite (0: no bound),
    else nothing to wait for."""
    limit = settings.sqlite_concurrent_requests
    if limit <= 0 or not settings.async_database_url.startswith("sqlite"):
        return contextlib.nullcontext()
    return asyncio.Semaphore(limit)
