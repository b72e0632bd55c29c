"""A graphql-transport-ws client for the subscription tests (the ``websockets`` package), and
a way to know a subscription is live before acting: probe events until one arrives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

PROTOCOL = Subprotocol("graphql-transport-ws")
WAIT_SECONDS = 10.0
QUIET_SECONDS = 1.0

EVENTS = """
subscription($accountSid: String) {
  numberEvents(accountSid: $accountSid) {
    sid kind accountSid nodeSid data
    node { id ... on ActiveNumber { phoneNumber friendlyName } }
  }
}
"""


def ws_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/graphql"


@asynccontextmanager
async def socket(
    base_url: str, init: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> AsyncIterator[ClientConnection]:
    """An acknowledged connection (``init`` is the connection_init payload)."""
    async with connect(
        ws_url(base_url),
        subprotocols=[PROTOCOL],
        additional_headers=headers,
    ) as ws:
        await send(ws, {"type": "connection_init", "payload": init or {}})
        yield ws


async def send(ws: ClientConnection, message: dict[str, Any]) -> None:
    await ws.send(orjson.dumps(message).decode())


async def receive(ws: ClientConnection, seconds: float = WAIT_SECONDS) -> dict[str, Any]:
    message: dict[str, Any] = orjson.loads(await asyncio.wait_for(ws.recv(), seconds))
    return message


async def subscribe(
    ws: ClientConnection, op_id: str, variables: dict[str, Any] | None = None
) -> None:
    ack = await receive(ws)
    assert ack["type"] == "connection_ack", ack
    payload = {"query": EVENTS, "variables": variables or {}}
    await send(ws, {"id": op_id, "type": "subscribe", "payload": payload})


async def next_event(ws: ClientConnection, seconds: float = WAIT_SECONDS) -> dict[str, Any]:
    message = await receive(ws, seconds)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    event: dict[str, Any] = message["payload"]["data"]["numberEvents"]
    return event


async def events_until_quiet(ws: ClientConnection) -> list[dict[str, Any]]:
    """Every event that arrives until none has for ``QUIET_SECONDS``."""
    found = []
    while True:
        try:
            found.append(await next_event(ws, QUIET_SECONDS))
        except TimeoutError:
            return found


async def events_from_the_first(
    ws: ClientConnection, first_within: float = 15.0
) -> list[dict[str, Any]]:
    """The first event to arrive within ``first_within`` seconds (a loaded machine may take
    longer than ``QUIET_SECONDS`` to deliver it), then every event until none has for
    ``QUIET_SECONDS``: a duplicate still shows; an event that never comes gives []."""
    try:
        first = await next_event(ws, first_within)
    except TimeoutError:
        return []
    return [first, *await events_until_quiet(ws)]


async def until_live(
    sockets: list[ClientConnection], probe: Callable[[int], Awaitable[str]]
) -> None:
    """Make probe events (``probe(i)`` returns the event's friendly name marker) until every
    socket has received one, then drop the probes still on their way.

    A subscription is registered shortly after its subscribe message; events committed before
    that are (rightly) not sent, so a test must not act before its subscribers are live.
    """
    live: set[int] = set()
    for attempt in range(40):
        await probe(attempt)
        for index, ws in enumerate(sockets):
            if index in live:
                continue
            try:
                await next_event(ws, 0.5)
                live.add(index)
            except TimeoutError:
                pass
        if len(live) == len(sockets):
            break
    assert len(live) == len(sockets), "a subscription never went live"
    for ws in sockets:
        await events_until_quiet(ws)
