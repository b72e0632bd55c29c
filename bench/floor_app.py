"""The floor as a bare Starlette app: ``GET /floor/<scenario>``, the baselines of the
full-tree page of 50 (``bench.baselines``: ``/raw/<scenario>`` and ``/transport/<scenario>``)
and ``/healthz``.

Served by uvicorn like the gateway (``bench.floor_app:app_from_environment``, a factory),
configured by ``BENCH_FLOOR_DATABASE_URL``, ``BENCH_FLOOR_ACCOUNT_SID`` and
``BENCH_FLOOR_SCENARIOS`` (a JSON list of scenarios).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.baselines import BASELINED, RawRows, raw_rows
from bench.floor import FloorRoute, prepare_route
from bench.scenarios import ReadScenario
from gateway.database import create_engine, read_engine
from gateway.settings import Settings
from resolvers.core.clock import SystemClock

JSON = "application/json"


def create_floor_app(url: str, account_sid: str, scenarios: list[ReadScenario]) -> Starlette:
    routes: dict[str, FloorRoute] = {}
    raw: dict[str, RawRows] = {}
    transport: dict[str, bytes] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine(Settings(database_url=url))
        # Read as the gateway reads (``gateway.app``): on PostgreSQL in autocommit, so that
        # neither baseline pays a BEGIN and a ROLLBACK round trip the gateway does not.
        app.state.engine = read_engine(engine)
        try:
            now = SystemClock().now()
            for scenario in scenarios:
                route = await prepare_route(engine, scenario, account_sid, now)
                routes[scenario.name] = route
                if scenario.name in BASELINED:
                    transport[scenario.name] = await route.body(engine)
                    raw[scenario.name] = raw_rows(transport[scenario.name], scenario.root)
            yield
        finally:
            await engine.dispose()

    async def floor(request: Request) -> Response:
        route = routes[request.path_params["name"]]
        return Response(await route.body(request.app.state.engine), media_type=JSON)

    async def raw_route(request: Request) -> Response:
        rows = raw[request.path_params["name"]]
        return Response(await rows.body(request.app.state.engine), media_type=JSON)

    async def transport_route(request: Request) -> Response:
        return Response(transport[request.path_params["name"]], media_type=JSON)

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type=JSON)

    return Starlette(
        routes=[
            Route("/floor/{name}", floor),
            Route("/raw/{name}", raw_route),
            Route("/transport/{name}", transport_route),
            Route("/healthz", healthz),
        ],
        lifespan=lifespan,
    )


def app_from_environment() -> Starlette:
    scenarios = [ReadScenario(**item) for item in orjson.loads(os.environ["BENCH_FLOOR_SCENARIOS"])]
    return create_floor_app(
        os.environ["BENCH_FLOOR_DATABASE_URL"], os.environ["BENCH_FLOOR_ACCOUNT_SID"], scenarios
    )
