"""The load generator: C keep-alive connections, each sending its next request as soon as the
previous answer is in, for D seconds.

The client is a minimal HTTP/1.1 client on asyncio streams (requests are prebuilt bytes,
answers are read by Content-Length): httpx costs the client about as much CPU per request as
the floor costs the server, and on a machine shared by client and servers that would cap the
floor and flatter every ratio. The harness also reports the client's CPU share per phase:
near 100 % of one core, the client, not the server, set the pace.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.stats import Samples


class HttpError(RuntimeError):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection to the loopback server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> Connection:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()

    async def send(self, request: bytes) -> tuple[int, bytes]:
        if self._reader is None or self._writer is None:
            raise RuntimeError("send() outside `async with`")
        self._writer.write(request)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        headers = head.lower()
        marker = headers.find(b"\r\ncontent-length:")
        if marker < 0:
            raise HttpError("answer without Content-Length (chunked?):\n" + head.decode())
        end = headers.index(b"\r\n", marker + 2)
        length = int(headers[marker + 17 : end])
        return status, await self._reader.readexactly(length)


def post(host: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def get(host: str, path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()


# An operation returning False did nothing: its client stops (e.g. nothing left to buy).
Operation = Callable[[Connection], Awaitable[bool | None]]


@dataclass
class Phase:
    clients: int
    seconds: float  # wall time from the first request to the last answer
    samples: Samples = field(default_factory=Samples)
    client_cpu_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.samples.seconds)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def client_cpu_share(self) -> float:
        return self.client_cpu_seconds / self.seconds if self.seconds else 0.0


async def run_phase(
    host: str, port: int, operation: Operation, clients: int, duration: float
) -> Phase:
    """``clients`` connections run ``operation`` back to back until ``duration`` is up."""
    samples = Samples()
    connections = [Connection(host, port) for _ in range(clients)]
    for connection in connections:
        await connection.__aenter__()
    try:
        cpu_started, started = time.process_time(), time.perf_counter()
        deadline = started + duration

        async def client(connection: Connection) -> None:
            while (now := time.perf_counter()) < deadline:
                if await operation(connection) is False:
                    return
                samples.seconds.append(time.perf_counter() - now)

        await asyncio.gather(*(client(connection) for connection in connections))
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    finally:
        for connection in connections:
            await connection.__aexit__()
    return Phase(clients, seconds, samples, cpu)


def expecting_ok(request: bytes, check: Callable[[bytes], bool]) -> Operation:
    """An operation sending ``request`` and failing on anything but 200 with a good body."""

    async def operation(connection: Connection) -> bool:
        status, body = await connection.send(request)
        if status != 200 or not check(body):
            raise HttpError(f"HTTP {status}: {body[:300]!r}")
        return True

    return operation


def graphql_ok(body: bytes) -> bool:
    return body.startswith(b'{"data"') and b'"errors":' not in body
