"""The HTTP side of webhook delivery: one request (GET or POST), its status code or the reason
it failed.

Before connecting, the URL's host is resolved and checked against the URL policy the caller
passes (the operator's, from the job environment; ``resolvers.core.url_policy``: no loopback,
private or link-local targets unless the operator allows them), since a public-looking name
may resolve to an internal address.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from resolvers.core.url_policy import UrlPolicy
from resolvers.events.signing import WebhookRequest

if TYPE_CHECKING:
    import httpx

# a request -> the response status code; raises on transport failures
WebhookSender = Callable[[WebhookRequest], Awaitable[int]]


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None
    final: bool = False  # no retry can help (the URL policy refuses the target)

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def httpx_sender(client: httpx.AsyncClient) -> WebhookSender:
    async def send(request: WebhookRequest) -> int:
        response = await client.request(
            request.method, request.url, content=request.body or None, headers=request.headers
        )
        return response.status_code

    return send


async def attempt(send: WebhookSender, policy: UrlPolicy, request: WebhookRequest) -> Outcome:
    """One request, unless ``policy`` refuses the target; any failure becomes an outcome, never
    an exception (one bad URL must not stop the others of the batch)."""
    try:
        refusal = await target_refusal(request.url, policy)
        if refusal is not None:
            return Outcome(None, f"refused by the URL policy: {refusal}"[:300], final=True)
        code = await send(request)
    except Exception as error:  # every failure is recorded and retried
        return Outcome(None, f"{type(error).__name__}: {error}"[:300])
    if 200 <= code < 300:
        return Outcome(code, None)
    return Outcome(code, f"HTTP {code}")


async def target_refusal(url: str, policy: UrlPolicy) -> str | None:
    """Why the addresses ``url``'s host resolves to may not be called, or None."""
    if policy.allow_private:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    static = policy.refusal(url)
    if static is not None:
        return static
    port = parts.port or (443 if parts.scheme == "https" else 80)
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return policy.delivery_refusal(host, [str(info[4][0]) for info in infos])
