"""(e) The purchase/release loop: each client buys a number for sale and releases it again.

Numbers come from a list fetched before the clock starts (numbers of the search market that
need no address and no identity document, so every purchase can succeed); a released number
ages out of the catalog, so each loop uses up one. Both mutations are timed separately.
There is no floor here: a mutation is a transaction of checks, ledger entries, state changes
and an event row, and a bare route doing "the same SQL" would be a second implementation of
the use-case, not a floor.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from bench.load import Connection, HttpError, Phase, post, run_phase
from bench.queries import PURCHASABLE, PURCHASE, RELEASE
from bench.stats import Samples

PAGE = 1000


@dataclass
class LoopResult:
    phase: Phase
    purchase: Samples = field(default_factory=Samples)
    release: Samples = field(default_factory=Samples)
    ran_out: bool = False


async def purchasable(http: httpx.AsyncClient, market: dict[str, Any], wanted: int) -> list[str]:
    """Up to ``wanted`` numbers for sale that need no address and no identity."""
    search = {**market, "excludeAllAddressRequired": True}
    numbers: list[str] = []
    after = None
    while len(numbers) < wanted:
        variables = {"search": search, "first": PAGE, "after": after}
        response = await http.post("/graphql", json={"query": PURCHASABLE, "variables": variables})
        page = response.json()["data"]["availableNumbers"]
        numbers += [
            node["phoneNumber"]
            for node in page["nodes"]
            if not node["regulatory"]["identityRequired"]
        ]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return numbers[:wanted]


def mutation_json(query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return {"query": query, "variables": variables}


def mutation(host: str, auth: str, query: str, variables: dict[str, Any]) -> bytes:
    body = orjson.dumps(mutation_json(query, variables))
    return post(host, "/graphql", body, {"Authorization": auth})


def payload(body: bytes, field_name: str) -> dict[str, Any]:
    result: dict[str, Any] = orjson.loads(body)["data"][field_name]
    if result["userErrors"]:
        raise HttpError(f"{field_name}: {result['userErrors']}")
    return result


async def run_loop(
    host: str, port: int, auth: str, numbers: list[str], clients: int, duration: float
) -> LoopResult:
    queue = deque(numbers)
    result = LoopResult(Phase(clients, 0.0))

    async def buy_and_release(connection: Connection) -> bool:
        if not queue:
            result.ran_out = True
            return False
        number = queue.popleft()
        started = time.perf_counter()
        status, body = await connection.send(mutation(host, auth, PURCHASE, {"number": number}))
        if status != 200:
            raise HttpError(f"purchase: HTTP {status}: {body[:300]!r}")
        sid = payload(body, "purchasePhoneNumber")["activeNumber"]["sid"]
        bought = time.perf_counter()
        status, body = await connection.send(mutation(host, auth, RELEASE, {"sid": sid}))
        if status != 200:
            raise HttpError(f"release: HTTP {status}: {body[:300]!r}")
        payload(body, "releasePhoneNumber")
        result.purchase.seconds.append(bought - started)
        result.release.seconds.append(time.perf_counter() - bought)
        return True

    result.phase = await run_phase(host, port, buy_and_release, clients, duration)
    return result
