"""Gateways with custom protection settings over the test database (the ``gateway`` fixture
uses the defaults)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from gateway.app import create_app
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from tests.support.client import Gateway
from tests.support.factories import T0


@asynccontextmanager
async def gateway_with(
    database_url: str,
    clock: FixedClock | None = None,
    settings: dict[str, Any] | None = None,
    **more: Any,
) -> AsyncIterator[Gateway]:
    """The real app with these settings (``settings`` and ``more`` are Settings fields)."""
    settings = {**(settings or {}), **more}
    clock = clock or FixedClock(T0)
    app = create_app(
        Settings(database_url=database_url, migrate_on_start=False, **settings), clock=clock
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield Gateway(http, app.state.engine, clock)


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The one top-level error of a refused request (no data ran)."""
    body = response.json()
    assert body.get("data") is None, body
    assert len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    return error
