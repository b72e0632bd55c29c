"""With Redis configured, a process publishes the ids of the events it commits, after the
commit, once per transaction; a rolled-back transaction publishes nothing."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from gateway.events.jobs import job_event_services
from gateway.events.redis_relay import CHANNEL
from gateway.settings import Settings
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from tests.events.support import events_in
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.provisioning import new_buyer


class Boom(Exception):
    pass


async def test_committed_events_are_published_once_and_rolled_back_ones_never(
    gateway: Gateway, redis_url: str
) -> None:
    buyer = await new_buyer(gateway.engine)
    redis = Redis.from_url(redis_url)
    settings = Settings(database_url="sqlite://", redis_url=redis_url)
    services = job_event_services(settings, gateway.engine, gateway.clock)
    async with redis.pubsub() as pubsub, services:
        await pubsub.subscribe(CHANNEL)

        async def two_events(conn: object) -> None:
            for kind in ("A", "B"):
                await record_event(
                    conn,  # type: ignore[arg-type]
                    account_sid=buyer.sid,
                    kind=kind,
                    node_type="Account",
                    node_sid=buyer.sid,
                    now=T0,
                )

        async def then_fail(conn: object) -> None:
            await two_events(conn)
            raise Boom

        with pytest.raises(Boom):
            await transact(gateway.engine, then_fail)
        await transact(gateway.engine, two_events)
        messages = []
        for _ in range(10):  # until a second passes without a message after the first
            message = await asyncio.wait_for(pubsub.get_message(timeout=1.0), 5)
            if message is not None and message["type"] == "message":
                messages.append(message["data"].decode())
            elif message is None and messages:
                break
    await redis.aclose()
    ids = [event["id"] for event in await events_in(gateway.engine)]
    assert len(ids) == 2  # the rolled-back pair never existed
    assert messages == [f"{ids[0]},{ids[1]}"]
