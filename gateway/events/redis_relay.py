"""Event fan-out through Redis pub/sub (when ``GATEWAY_REDIS_URL`` is set).

Publishing: a process that writes events tracks, per database connection, the ids
``record_event`` inserted in the current transaction (``resolvers.events.outbox.PENDING_IDS``,
a list this module's ``begin`` hook puts in the connection's ``info``); at ``commit`` they are
kept, at ``rollback`` dropped, and when the connection goes back to the pool, after the commit
has finished, they are published as one message (``"12,13"``). So nothing is published for a
rolled-back transaction, and nothing before its rows are visible.

Subscribing: every gateway process subscribes to the channel and reports the ids to its broker,
which reads each event once for all its local subscribers. While Redis is away the source reads
the outbox instead (``RedisSource``), and takes the subscription up again when Redis is back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.events.broker import EventBroker
from gateway.events.sources import ids_after, max_event_id
from resolvers.events.outbox import PENDING_IDS

if TYPE_CHECKING:
    from redis.asyncio import Redis

CHANNEL = "numbers-gateway:events"
COMMITTED_IDS = "numbers_gateway_committed_event_ids"
RECONNECT_DELAY_SECONDS = 1.0

log = logging.getLogger("gateway.events")


class RedisPublisher:
    def __init__(self, engine: AsyncEngine, redis_url: str) -> None:
        self.redis: Redis = _client(redis_url)
        self.tasks: set[asyncio.Task[Any]] = set()
        sync_engine = engine.sync_engine
        event.listen(sync_engine, "begin", self._begin)
        event.listen(sync_engine, "commit", self._commit)
        event.listen(sync_engine, "rollback", self._rollback)
        event.listen(sync_engine.pool, "checkin", self._checkin)

    def _begin(self, conn: Any) -> None:
        conn.info[PENDING_IDS] = []

    def _commit(self, conn: Any) -> None:
        ids = conn.info.pop(PENDING_IDS, None)
        if ids:
            conn.info.setdefault(COMMITTED_IDS, []).extend(ids)

    def _rollback(self, conn: Any) -> None:
        conn.info.pop(PENDING_IDS, None)

    def _checkin(self, _dbapi_connection: Any, record: Any) -> None:
        ids = record.info.pop(COMMITTED_IDS, None) if record is not None else None
        if not ids:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            log.warning("events %s committed outside the event loop were not published", ids)
            return
        task = loop.create_task(self._publish(ids))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _publish(self, ids: list[int]) -> None:
        try:
            await self.redis.publish(CHANNEL, ",".join(str(i) for i in ids))
        except Exception:
            log.exception("could not publish events %s to Redis", ids)

    async def close(self) -> None:
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.redis.aclose()


class RedisSource:
    """Reports the ids published on the channel. While Redis is away it falls back to the
    outbox: every reconnect attempt (each ``RECONNECT_DELAY_SECONDS``) first reports the ids
    above the highest seen, as each (re)subscription does, so subscribers get every event,
    a second or so late, and the broker drops the ids reported twice."""

    def __init__(self, broker: EventBroker, redis_url: str) -> None:
        self.broker, self.redis_url = broker, redis_url
        self.highest = 0
        self.ready = asyncio.Event()

    async def run(self) -> None:
        self.highest = await max_event_id(self.broker.engine)
        while True:
            try:
                await self._listen_once()
            except Exception as error:  # a Redis restart: read the outbox, subscribe again
                log.warning("Redis subscription lost (%s); reading the outbox meanwhile", error)
            await asyncio.sleep(RECONNECT_DELAY_SECONDS)
            await self._catch_up()
            self.ready.set()  # without Redis too: the catch-ups report every event

    async def _listen_once(self) -> None:
        redis: Redis = _client(self.redis_url)
        try:
            async with redis.pubsub() as pubsub:
                await pubsub.subscribe(CHANNEL)
                await self._catch_up()  # committed before the subscription took
                self.ready.set()
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self._report(_ids(message["data"]))
        finally:
            await redis.aclose()

    async def _catch_up(self) -> None:
        try:
            self._report(await ids_after(self.broker.engine, self.highest))
        except Exception:  # the database is away too: the next attempt reads again
            log.exception("could not read number_events")

    def _report(self, ids: list[int]) -> None:
        if ids:
            self.highest = max(self.highest, *ids)
            self.broker.notify(ids)


def _ids(data: bytes | str) -> list[int]:
    text = data.decode() if isinstance(data, bytes) else data
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def _client(url: str) -> Redis:
    """A Redis client; the library is imported only by a gateway configured with Redis (a
    worker without it is ~3 MB smaller)."""
    from redis.asyncio import Redis

    client: Redis = Redis.from_url(url)
    return client
