"""Count real round trips to PostgreSQL: a TCP proxy that reads the client's wire protocol.

A client waits for the server exactly once per ``Sync`` (the end of an extended-query
exchange: prepare, bind/execute) and once per simple ``Query`` (``BEGIN``, ``ROLLBACK``, a
ping sent as text); those are the round trips, whatever layer (SQLAlchemy, the pool, asyncpg's
statement cache) decided to send them. Connection setup is not counted: an ``SSLRequest`` is
refused here without reaching the server, and the startup exchange is passed through
uncounted (a pooled request pays neither).
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

ROUND_TRIP_MESSAGES = {ord("S"): "Sync", ord("Q"): "Query"}
NEGOTIATION_CODES = (80877103, 80877104)  # SSLRequest, GSSENCRequest


@dataclass
class WireLog:
    """The round trips clients made through the proxy since the last ``reset``."""

    messages: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)  # the text of each simple Query

    @property
    def round_trips(self) -> int:
        return len(self.messages)

    def describe(self) -> str:
        """Each round trip in order, a simple Query with its text (for a failing assertion)."""
        texts = iter(self.queries)
        return " | ".join(next(texts) if kind == "Query" else kind for kind in self.messages)

    def reset(self) -> None:
        self.messages.clear()
        self.queries.clear()


async def _read_startup(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
    """The client's startup message, answering any TLS/GSS negotiation with "no"."""
    while True:
        length = struct.unpack("!i", await reader.readexactly(4))[0]
        body = await reader.readexactly(length - 4)
        if struct.unpack("!i", body[:4])[0] not in NEGOTIATION_CODES:
            return struct.pack("!i", length) + body
        writer.write(b"N")
        await writer.drain()


async def _client_to_server(
    reader: asyncio.StreamReader, upstream: asyncio.StreamWriter, log: WireLog
) -> None:
    while True:
        kind = await reader.readexactly(1)
        length = struct.unpack("!i", await reader.readexactly(4))[0]
        body = await reader.readexactly(length - 4)
        if kind[0] in ROUND_TRIP_MESSAGES:
            log.messages.append(ROUND_TRIP_MESSAGES[kind[0]])
            if kind == b"Q":
                log.queries.append(body.rstrip(b"\0").decode())
        upstream.write(kind + struct.pack("!i", length) + body)
        await upstream.drain()


async def _server_to_client(upstream: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while chunk := await upstream.read(65536):
        writer.write(chunk)
        await writer.drain()


async def _relay(
    host: str, port: int, log: WireLog, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    up_reader, up_writer = await asyncio.open_connection(host, port)
    try:
        up_writer.write(await _read_startup(reader, writer))
        await up_writer.drain()
        directions = {
            asyncio.create_task(_client_to_server(reader, up_writer, log)),
            asyncio.create_task(_server_to_client(up_reader, writer)),
        }
        try:  # either side closing ends the relay (asyncpg waits for the close on Terminate)
            await asyncio.wait(directions, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in directions:
                task.cancel()
            await asyncio.gather(*directions, return_exceptions=True)
    finally:
        up_writer.close()
        writer.close()


@asynccontextmanager
async def counting_proxy(database_url: str) -> AsyncIterator[tuple[str, WireLog]]:
    """(the same database's URL through the proxy, its log) while the proxy runs."""
    parts = urlsplit(database_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    log = WireLog()
    tasks: set[asyncio.Task[None]] = set()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            await _relay(host, port, log, reader, writer)
        finally:
            tasks.discard(task)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    proxy_port = server.sockets[0].getsockname()[1]
    secret = f":{parts.password}" if parts.password else ""
    user = f"{parts.username}{secret}@" if parts.username else ""
    netloc = f"{user}127.0.0.1:{proxy_port}"
    try:
        yield urlunsplit(parts._replace(netloc=netloc)), log
    finally:
        server.close()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
