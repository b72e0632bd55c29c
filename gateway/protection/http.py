"""HTTP-level protection: the request body limit, CORS, and building the guard from settings."""

from __future__ import annotations

from typing import Any

import orjson
from graphql import GraphQLSchema
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.protection.buckets import BucketConfig, Buckets, InProcessBuckets, RedisBuckets
from gateway.protection.guard import Protection
from gateway.protection.limits import Limits
from gateway.settings import Settings
from resolvers.core.url_policy import UrlPolicy

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
EXPOSED_HEADERS = ["Retry-After", "X-Gateway-Executor", "ETag"]


def build_buckets(settings: Settings) -> Buckets | None:
    if not settings.rate_limit_enabled:
        return None
    config = BucketConfig(settings.rate_limit_capacity, settings.rate_limit_restore_rate)
    if settings.redis_url:
        return RedisBuckets(config, settings.redis_url, settings.rate_limit_redis_prefix)
    return InProcessBuckets(config)


def build_protection(settings: Settings, schema: GraphQLSchema) -> Protection:
    limits = Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_query_aliases,
        max_tokens=settings.max_query_tokens,
        introspection=settings.introspection,
    )
    return Protection(schema, limits, settings.max_query_cost, build_buckets(settings))


def url_policy(settings: Settings) -> UrlPolicy:
    return UrlPolicy.from_settings(
        settings.allow_private_webhooks, settings.webhook_allowed_host_list
    )


def cors_middleware(settings: Settings) -> list[Middleware]:
    """CORS for the configured frontend origins (none: no CORS headers at all)."""
    origins = settings.cors_origin_list
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept", "If-None-Match"],
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )
    ]


class BodySizeLimit:
    """Refuse request bodies above ``max_bytes`` with 413 and a GraphQL-shaped JSON error,
    whether the client declares the length or streams the body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(messages, receive), send)

    async def _refuse(self, send: Send) -> None:
        body = orjson.dumps(
            {
                "errors": [
                    {
                        "message": f"the request body is larger than {self.max_bytes} bytes",
                        "extensions": {"code": PAYLOAD_TOO_LARGE, "limit": self.max_bytes},
                    }
                ]
            }
        )
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def body_size_middleware(settings: Settings) -> Middleware:
    options: dict[str, Any] = {"max_bytes": settings.max_body_bytes}
    return Middleware(BodySizeLimit, **options)
