"""The per-process event broker: event ids come in from a source (``sources``), each is read
from the outbox once and handed to every local subscriber, in arrival order, once.

A source may report an id twice (a reconnect catch-up overlapping a notification): ids already
dispatched are remembered (the last ``RECENT_IDS``) and dropped. A subscriber that falls more
than ``BACKLOG`` events behind is ended (its stream completes) rather than buffering forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import number_events
from resolvers.events.reads import event_dict

RECENT_IDS = 10_000
BACKLOG = 1_000
READ_BATCH = 200

log = logging.getLogger("gateway.events")

Subscriber = asyncio.Queue[dict[str, Any] | None]
READY_TIMEOUT_SECONDS = 15.0


class EventSource(Protocol):
    """Reports committed event ids to the broker (``sources``); ``ready`` is set once every
    event committed from then on will be reported."""

    ready: asyncio.Event

    async def run(self) -> None: ...


class EventBroker:
    """Started lazily by the first subscriber: a process nobody subscribes to does no work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.source: EventSource | None = None
        self.subscribers: set[Subscriber] = set()
        self._incoming: asyncio.Queue[int] = asyncio.Queue()
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._tasks: list[asyncio.Task[None]] = []
        self._starting = asyncio.Lock()

    @property
    def subscriber_count(self) -> int:
        return len(self.subscribers)

    def notify(self, event_ids: Iterable[int]) -> None:
        """Report committed event ids (called on the event loop by a source)."""
        for event_id in event_ids:
            self._incoming.put_nowait(event_id)

    async def _ensure_started(self) -> None:
        async with self._starting:
            if self._tasks or self.source is None:
                return
            self._tasks = [
                asyncio.create_task(self._dispatch_forever(), name="event-broker"),
                asyncio.create_task(self.source.run(), name="event-source"),
            ]
        await asyncio.wait_for(self.source.ready.wait(), READY_TIMEOUT_SECONDS)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        for queue in list(self.subscribers):
            _end(queue)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        """Events committed from now on (the source is listening when this returns)."""
        await self._ensure_started()
        queue: Subscriber = asyncio.Queue(maxsize=BACKLOG + 1)
        self.subscribers.add(queue)
        try:
            yield _drain(queue)
        finally:
            self.subscribers.discard(queue)

    async def _dispatch_forever(self) -> None:
        while True:
            ids = [await self._incoming.get()]
            while not self._incoming.empty() and len(ids) < READ_BATCH:
                ids.append(self._incoming.get_nowait())
            try:
                await self._dispatch(ids)
            except Exception:  # a database hiccup must not end the broker
                log.exception("could not dispatch events %s", ids)

    async def _dispatch(self, ids: list[int]) -> None:
        fresh = [event_id for event_id in ids if self._first_time(event_id)]
        if not fresh or not self.subscribers:
            return
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(select(number_events).where(number_events.c.id.in_(fresh)))
            ).all()
        by_id = {row.id: event_dict(row) for row in rows}
        for event_id in fresh:  # arrival order, not id order: the order commits were reported
            event = by_id.get(event_id)
            if event is not None:
                self._fan_out(event)

    def _fan_out(self, event: dict[str, Any]) -> None:
        for queue in list(self.subscribers):
            if queue.qsize() >= BACKLOG:
                self.subscribers.discard(queue)
                _end(queue)
                log.warning("ended a numberEvents subscriber %d events behind", BACKLOG)
            else:
                queue.put_nowait(event)

    def _first_time(self, event_id: int) -> bool:
        if event_id in self._recent:
            return False
        self._recent[event_id] = None
        if len(self._recent) > RECENT_IDS:
            self._recent.popitem(last=False)
        return True


def _end(queue: Subscriber) -> None:
    with contextlib.suppress(asyncio.QueueFull):
        queue.put_nowait(None)


async def _drain(queue: Subscriber) -> AsyncIterator[dict[str, Any]]:
    while True:
        event = await queue.get()
        if event is None:
            return
        yield event
