"""Side by side over loopback HTTP: each scenario against the floor, then the gateway.

Per side: a short warm-up and a one-client phase (latency without queueing); then, for both
sides, the loaded phase (C clients for D seconds: throughput, p50, p99, and each worker's peak
memory during it). Before measuring, the floor's data is checked once against the gateway's.

Bounded in time: a phase starts no request after its D seconds, and the requests in flight
then finish, which costs up to C one-client latencies more. When C times the slower side's
one-client p50 exceeds D, the loaded phase is skipped for both sides and the one-client
phase stands for it (``loaded_skipped``): a search that takes seconds is reported as such
rather than stretching the run by minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from bench.baselines import BASELINED
from bench.load import (
    Connection,
    Operation,
    Phase,
    expecting_ok,
    get,
    graphql_ok,
    post,
    run_phase,
)
from bench.purchase_loop import LoopResult, purchasable, run_loop
from bench.scenarios import ReadScenario
from bench.servers import LOOPBACK, Server

WARMUP_SECONDS = 0.3
NUMBERS_PER_SECOND_PER_CLIENT = 40  # more than a purchase/release loop manages on SQLite


@dataclass(frozen=True)
class Load:
    clients: int
    duration: float
    latency_duration: float


@dataclass
class Side:
    one_client: Phase
    loaded: Phase
    peak_rss_mb: list[float]
    peaks_reset: bool
    loaded_skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "throughput_rps": self.loaded.throughput,
            "requests": self.loaded.requests,
            "clients": self.loaded.clients,
            "loaded": self.loaded.samples.figures(),
            "one_client": self.one_client.samples.figures(),
            "client_cpu_share": self.loaded.client_cpu_share,
            "peak_rss_mb_per_worker": self.peak_rss_mb,
            "peak_is_per_phase": self.peaks_reset,
            "loaded_skipped": self.loaded_skipped,
        }


@dataclass
class ScenarioRun:
    scenario: ReadScenario
    response_bytes: int
    floor: Side | None
    gateway: Side
    extra: dict[str, Any] = field(default_factory=dict)
    baselines: dict[str, Side] = field(default_factory=dict)  # "raw_rows", "transport"


async def one_client(server: Server, operation: Operation, load: Load) -> Phase:
    await run_phase(LOOPBACK, server.port, operation, 1, min(WARMUP_SECONDS, load.duration))
    return await run_phase(LOOPBACK, server.port, operation, 1, load.latency_duration)


async def loaded(server: Server, operation: Operation, first: Phase, load: Load) -> Side:
    reset = server.reset_peaks()
    phase = await run_phase(LOOPBACK, server.port, operation, load.clients, load.duration)
    return Side(first, phase, server.peak_rss_mb(), reset)


def fits(phases: list[Phase], load: Load) -> bool:
    """Whether C clients' requests in flight at the deadline finish within another D."""
    slowest = max(phase.samples.p50_ms for phase in phases) / 1000
    return load.clients * slowest <= load.duration


async def run_scenario(
    scenario: ReadScenario, gateway: Server, floor: Server, auth: str, load: Load
) -> ScenarioRun:
    body = orjson.dumps({"query": scenario.query, "variables": scenario.variables})
    to_gateway = post(LOOPBACK, "/graphql", body, {"Authorization": auth})
    to_floor = get(LOOPBACK, f"/floor/{scenario.name}")
    size = await _check_same_json(scenario, gateway, to_gateway, floor, to_floor)
    at_floor, at_gateway = (
        expecting_ok(to_floor, lambda body: True),
        expecting_ok(to_gateway, graphql_ok),
    )
    floor_first = await one_client(floor, at_floor, load)
    gateway_first = await one_client(gateway, at_gateway, load)
    if not fits([floor_first, gateway_first], load):
        floor_side = Side(floor_first, floor_first, floor.peak_rss_mb(), False, True)
        gateway_side = Side(gateway_first, gateway_first, gateway.peak_rss_mb(), False, True)
        return ScenarioRun(scenario, size, floor_side, gateway_side)
    floor_side = await loaded(floor, at_floor, floor_first, load)
    gateway_side = await loaded(gateway, at_gateway, gateway_first, load)
    run = ScenarioRun(scenario, size, floor_side, gateway_side)
    if scenario.name in BASELINED:
        run.baselines = await run_baselines(scenario, floor, load)
    return run


async def run_baselines(scenario: ReadScenario, floor: Server, load: Load) -> dict[str, Side]:
    """The raw-rows and transport baselines (``bench.baselines``), served by the floor's app,
    each measured like a side: one client, then loaded."""
    sides: dict[str, Side] = {}
    for name, path in (("raw_rows", "raw"), ("transport", "transport")):
        operation = expecting_ok(get(LOOPBACK, f"/{path}/{scenario.name}"), lambda body: True)
        first = await one_client(floor, operation, load)
        sides[name] = await loaded(floor, operation, first, load)
    return sides


async def _check_same_json(
    scenario: ReadScenario, gateway: Server, to_gateway: bytes, floor: Server, to_floor: bytes
) -> int:
    async with Connection(LOOPBACK, gateway.port) as connection:
        status, gateway_body = await connection.send(to_gateway)
    async with Connection(LOOPBACK, floor.port) as connection:
        floor_status, floor_body = await connection.send(to_floor)
    if status != 200 or floor_status != 200:
        raise RuntimeError(f"{scenario.name}: HTTP {status} / floor {floor_status}")
    gateway_data = orjson.loads(gateway_body)["data"]
    difference = first_difference(gateway_data, orjson.loads(floor_body)["data"])
    if difference is not None:
        raise RuntimeError(
            f"{scenario.name}: the floor's JSON differs from the gateway's at {difference}"
        )
    return len(gateway_body)


def first_difference(left: Any, right: Any, at: str = "") -> str | None:
    """Where two JSON values first differ (a path and both values), or None."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in dict.fromkeys([*left, *right]):
            found = first_difference(left.get(key), right.get(key), f"{at}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found = first_difference(a, b, f"{at}[{index}]")
            if found is not None:
                return found
        return None
    return None if left == right else f"{at}: gateway {left!r:.200} floor {right!r:.200}"


async def run_purchase_loop(
    gateway: Server, auth: str, market: dict[str, Any], load: Load
) -> tuple[LoopResult, list[float], bool]:
    wanted = int(load.clients * load.duration * NUMBERS_PER_SECOND_PER_CLIENT) + 10
    async with httpx.AsyncClient(
        base_url=gateway.base_url, headers={"Authorization": auth}, timeout=60
    ) as http:
        numbers = await purchasable(http, market, wanted)
    reset = gateway.reset_peaks()
    result = await run_loop(LOOPBACK, gateway.port, auth, numbers, load.clients, load.duration)
    return result, gateway.peak_rss_mb(), reset
