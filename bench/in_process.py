"""The figures taken in the harness's own process, on the run's database.

- SQL statements per request: one request of each scenario through the real gateway app
  (``create_app``, its lifespan, httpx's ASGI transport), counting what its engine executes
  (SQLite's own BEGIN/COMMIT left out; authentication included); the floor's handler likewise.
- µs per response field (``read_path``) and the ``contains`` search against a full scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.dataset import Dataset
from bench.floor import FloorRoute, capture, prepare_route
from bench.purchase_loop import mutation_json, purchasable
from bench.queries import PURCHASE, RELEASE
from bench.read_path import CaseResult, measure_case
from bench.scenarios import ReadScenario
from bench.search import measure_contains
from gateway.app import create_app, shared_schema
from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import SystemClock
from resolvers.core.visibility import authenticate


@dataclass
class InProcess:
    gateway_statements: dict[str, int] = field(default_factory=dict)
    floor_statements: dict[str, int] = field(default_factory=dict)
    executors: dict[str, str] = field(default_factory=dict)  # X-Gateway-Executor per scenario
    cases: list[CaseResult] = field(default_factory=list)
    contains: dict[str, Any] = field(default_factory=dict)


async def measure_in_process(
    dataset: Dataset,
    scenarios: list[ReadScenario],
    market: dict[str, Any],
    repeat: int,
    scan_repeat: int,
) -> InProcess:
    # No background work (webhook delivery) on the engine whose statements are counted,
    settings = Settings(
        database_url=dataset.url,
        migrate_on_start=False,
        rate_limit_enabled=False,
        webhook_delivery_interval=0,
        # nor job passes, as the served gateway (bench/servers.py): the fraud pass would
        # suspend the demo account for the churn the seeder's history holds
        jobs_in_process=False,
    )
    app = create_app(settings)
    auth = basic_auth_header(dataset.account_sid, dataset.auth_token)
    found = InProcess()
    async with app.router.lifespan_context(app):
        engine = app.state.engine
        async with engine.connect() as conn:
            viewer = await authenticate(conn, dataset.account_sid, dataset.auth_token)
        assert viewer is not None, "the demo credentials do not authenticate"
        floors = await _floors(dataset, scenarios)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers={"Authorization": auth}
        ) as http:
            for scenario in scenarios:
                await _count(found, http, engine, scenario, floors[scenario.name])
            await _count_mutations(found, http, engine, market)
        for scenario in scenarios:
            if scenario.root == "activeNumbers":
                case = await measure_case(
                    scenario, shared_schema(), engine, viewer, floors[scenario.name], repeat
                )
                found.cases.append(case)
        contains = next(s for s in scenarios if s.name == "contains")
        found.contains = await measure_contains(engine, contains, repeat, scan_repeat)
    return found


async def _floors(dataset: Dataset, scenarios: list[ReadScenario]) -> dict[str, FloorRoute]:
    """The floor's statements, captured on an engine of their own (nothing else runs on it)."""
    engine = create_engine(Settings(database_url=dataset.url))
    now = SystemClock().now()
    try:
        return {s.name: await prepare_route(engine, s, dataset.account_sid, now) for s in scenarios}
    finally:
        await engine.dispose()


async def _count(
    found: InProcess,
    http: httpx.AsyncClient,
    engine: Any,
    scenario: ReadScenario,
    floor: FloorRoute,
) -> None:
    body = {"query": scenario.query, "variables": scenario.variables}
    with capture(engine) as statements:
        response = await http.post("/graphql", json=body)
    response.raise_for_status()
    found.gateway_statements[scenario.name] = len(statements)
    found.executors[scenario.name] = response.headers.get("x-gateway-executor", "?")
    with capture(engine) as statements:
        await floor.body(engine)
    found.floor_statements[scenario.name] = len(statements)


async def _count_mutations(
    found: InProcess, http: httpx.AsyncClient, engine: Any, market: dict[str, Any]
) -> None:
    (number,) = await purchasable(http, market, 1)
    with capture(engine) as statements:
        bought = await http.post("/graphql", json=mutation_json(PURCHASE, {"number": number}))
    found.gateway_statements["purchase"] = len(statements)
    sid = bought.json()["data"]["purchasePhoneNumber"]["activeNumber"]["sid"]
    with capture(engine) as statements:
        released = await http.post("/graphql", json=mutation_json(RELEASE, {"sid": sid}))
    found.gateway_statements["release"] = len(statements)
    if released.json()["data"]["releasePhoneNumber"]["userErrors"]:
        raise RuntimeError(f"release failed: {released.text}")
