"""The gateway under test: the real ASGI app with its lifespan, reached over httpx."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app
from gateway.auth import basic_auth_header as basic_auth
from gateway.database import is_transaction_control
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from tests.support.factories import T0

__all__ = ["Gateway", "StatementLog", "basic_auth", "in_process_gateway"]


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@dataclass
class Gateway:
    http: httpx.AsyncClient
    engine: AsyncEngine
    clock: FixedClock
    auth: str | None = None

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, auth: str | None = None
    ) -> httpx.Response:
        headers = {"Authorization": auth or self.auth or ""}
        body = {"query": query, "variables": variables or {}}
        return await self.http.post("/graphql", json=body, headers=headers)

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, auth: str | None = None
    ) -> dict[str, Any]:
        """The ``data`` of a query; fails the test on any unexpected ``errors``."""
        response = await self.post(query, variables, auth)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def gql_errors(
        self, query: str, variables: dict[str, Any] | None = None, auth: str | None = None
    ) -> list[dict[str, Any]]:
        """The ``errors`` of a query that must fail (never a 500)."""
        response = await self.post(query, variables, auth)
        assert response.status_code in (200, 400), response.text
        errors: list[dict[str, Any]] = response.json()["errors"]
        assert errors
        return errors

    @contextmanager
    def count_statements(self) -> Iterator[StatementLog]:
        log = StatementLog()

        def record(*args: Any) -> None:
            statement = str(args[2])
            if not is_transaction_control(statement):
                log.statements.append(statement)

        event.listen(self.engine.sync_engine, "before_cursor_execute", record)
        try:
            yield log
        finally:
            event.remove(self.engine.sync_engine, "before_cursor_execute", record)


@asynccontextmanager
async def in_process_gateway(database_url: str, **settings: Any) -> AsyncIterator[Gateway]:
    """The app over a migrated database, its lifespan running, at the fixed clock ``T0``
    (``settings``: Settings fields to change, e.g. ``fraud_suspend_threshold=3``)."""
    clock = FixedClock(T0)
    config = Settings(database_url=database_url, migrate_on_start=False, **settings)
    app = create_app(config, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield Gateway(http, app.state.engine, clock)
