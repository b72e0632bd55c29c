"""The application factory: ``create_app(settings) -> Starlette``.

The lifespan owns the engine: it creates it, migrates the database on first start (both are
idempotent), optionally seeds the demo data into an empty database, runs the job passes in the
background unless ``GATEWAY_JOBS_IN_PROCESS`` is off, and disposes the engine on exit.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

from gateway import rest
from gateway.auth_cache import AuthCache
from gateway.console import console_routes
from gateway.database import create_engine, read_engine
from gateway.events.runtime import event_services
from gateway.events.websocket import SubscriptionEndpoint
from gateway.graphiql import graphiql_routes
from gateway.graphql_endpoint import GraphQLEndpoint
from gateway.in_process_jobs import in_process_jobs
from gateway.job_settings import request_rules
from gateway.metrics import MetricsMiddleware, create_metrics, metrics_endpoint
from gateway.persisted import PersistedDocuments, PersistedQueries
from gateway.protection.http import (
    body_size_middleware,
    build_protection,
    cors_middleware,
    url_policy,
)
from gateway.request_slots import request_slots
from gateway.responses import OrjsonResponse
from gateway.settings import Settings
from gateway.signing import signing_routes
from gateway.unavailable import unavailable_response
from resolvers.core.clock import Clock, SystemClock
from resolvers.core.unavailable import is_unavailable
from schema.build import build_schema

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Starlette:
    settings = settings or Settings()
    metrics = create_metrics()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine(settings)
        app.state.engine = engine
        app.state.read_engine = read_engine(engine)  # per request: gateway.graphql_endpoint
        app.state.persisted_queries = persisted_queries(settings, engine)
        app.state.request_slots = request_slots(settings)  # bound to this loop when used
        try:
            if settings.migrate_on_start:
                from gateway.migrate import migrate  # alembic: ~11 MB, only to migrate

                await migrate(engine)
            if settings.seed_demo_on_start:
                await _seed_if_empty(engine, app.state.clock)
            async with (
                event_services(settings, engine, app.state.clock) as broker,
                in_process_jobs(settings, engine, app.state.clock),
            ):
                app.state.event_broker = broker  # numberEvents subscriptions read from it
                yield
        finally:
            await app.state.protection.close()
            await engine.dispose()

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                GraphQLEndpoint(shared_schema(), graphiql=settings.graphiql),
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", SubscriptionEndpoint(shared_schema())),
            *graphiql_routes(enabled=settings.graphiql),
            *console_routes(enabled=settings.console),
            Route("/healthz", healthz),
            Route("/metrics", metrics_endpoint),
            *signing_routes,
            *rest.routes(),
        ],
        middleware=[
            *cors_middleware(settings),
            Middleware(MetricsMiddleware, metrics=metrics),
            body_size_middleware(settings),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    # On the app's clock: a test's FixedClock makes "remembered or not" deterministic.
    app.state.auth_cache = AuthCache(
        settings.auth_cache_seconds, lambda: app.state.clock.now().timestamp()
    )
    app.state.clock = clock or SystemClock()
    app.state.metrics = metrics
    app.state.protection = build_protection(settings, shared_schema()._schema)
    app.state.url_policy = url_policy(settings)
    app.state.request_rules = request_rules(settings)
    return app


@functools.cache
def shared_schema() -> strawberry.Schema:
    """The schema is immutable: build it once per process, not per app (tests build many)."""
    return build_schema()


def persisted_queries(settings: Settings, engine: AsyncEngine) -> PersistedQueries:
    if settings.trusted_documents_only and settings.graphiql:
        logger.warning(
            "GATEWAY_TRUSTED_DOCUMENTS_ONLY with GATEWAY_GRAPHIQL: GraphiQL's requests run any "
            "document (a development set-up); set GATEWAY_GRAPHIQL=false in production"
        )
    store = PersistedDocuments(engine, settings.persisted_queries_max)
    return PersistedQueries(store, settings.trusted_documents_only)


def app_from_environment() -> Starlette:
    """The uvicorn factory (``gateway.app:app_from_environment``)."""
    return create_app(Settings())


async def healthz(request: Request) -> Response:
    engine = request.app.state.engine
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as error:
        if not is_unavailable(error):
            raise
        return unavailable_response("application/json")
    return OrjsonResponse({"status": "ok", "database": engine.dialect.name})


async def _seed_if_empty(engine: AsyncEngine, clock: Clock) -> None:
    from gateway.seed import database_is_empty, seed_demo

    if await database_is_empty(engine):
        await seed_demo(engine, now=clock.now())
