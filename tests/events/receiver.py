"""A real HTTP receiver on 127.0.0.1 for webhook tests: answers with scripted status codes
and keeps every request it got (an asyncio server in the test's own event loop)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    at: float = field(default_factory=time.monotonic)  # when it arrived


@dataclass
class Receiver:
    """Answers the n-th request with ``script[n]`` (the last code once the script runs out),
    each ``delay`` seconds after it arrived; ``most_in_flight`` is the most requests it held
    at once."""

    script: list[int]
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    url: str = ""
    in_flight: int = 0
    most_in_flight: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, path, _ = request_line.split(" ", 2)
            headers = {}
            for line in header_lines:
                if line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(Received(method, path, headers, body))
            code = self.script[min(len(self.requests), len(self.script)) - 1]
            await self._hold()
            writer.write(
                f"HTTP/1.1 {code} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".encode()
            )
            await writer.drain()
        finally:
            writer.close()

    async def _hold(self) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1


@asynccontextmanager
async def receiving(script: list[int], delay: float = 0.0) -> AsyncIterator[Receiver]:
    receiver = Receiver(script, delay)
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    receiver.url = f"http://127.0.0.1:{port}/hooks/numbers"
    async with server:
        yield receiver
