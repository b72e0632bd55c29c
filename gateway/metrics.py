"""Prometheus metrics: one registry per app (nothing global, nothing at import time)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KNOWN_PATHS = frozenset({"/graphql", "/healthz", "/metrics"})
REST_ROOT = "/2010-04-01"  # Twilio's REST API: one label for all its resources


@dataclass
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram


def create_metrics() -> Metrics:
    registry = CollectorRegistry()
    return Metrics(
        registry,
        Counter(
            "gateway_http_requests_total", "HTTP requests", ["path", "status"], registry=registry
        ),
        Histogram(
            "gateway_http_request_seconds", "HTTP request latency", ["path"], registry=registry
        ),
    )


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def record_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, record_status)
        finally:
            path = _label(scope["path"])
            self.metrics.latency.labels(path).observe(time.perf_counter() - started)
            self.metrics.requests.labels(path, str(status["code"])).inc()


def _label(path: str) -> str:
    """A bounded set of path labels: sids in REST paths would make one series each."""
    if path in KNOWN_PATHS:
        return path
    return REST_ROOT if path.startswith(REST_ROOT + "/") else "other"


async def metrics_endpoint(request: Request) -> Response:
    metrics: Metrics = request.app.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
