"""Authentication without a round trip on the hot path, and its staleness bound (issue #12
item 4, README "Authentication").

Two gateway processes on one database: a parent closes its subaccount through one of them.
That process refuses the subaccount's credentials at once; the other one, which signed the
subaccount in a moment earlier and so remembers it, refuses them within
``GATEWAY_AUTH_CACHE_SECONDS`` (plus the time one request takes), never later.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx

from gateway.database import create_engine
from gateway.settings import Settings
from tests.support.client import basic_auth
from tests.support.factories import add_account
from tests.support.server import running_gateway

BOUND_SECONDS = 1.5
SLACK_SECONDS = 1.0  # one request's own time on a busy machine
SETTINGS = {"GATEWAY_AUTH_CACHE_SECONDS": str(BOUND_SECONDS), "GATEWAY_RATE_LIMIT_ENABLED": "false"}
VIEWER = "{ viewer { sid } }"
CREATE = (
    "mutation { createSubaccount(input: {}) { account { sid } authToken userErrors { code } } }"
)
CLOSE = (
    "mutation Close($sid: String!) { updateSubaccount(input: { sid: $sid, status: CLOSED }) "
    "{ account { status } userErrors { code } } }"
)


async def _post(
    base_url: str, auth: str, query: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    body = {"query": query, "variables": variables or {}}
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        return await http.post("/graphql", json=body, headers={"Authorization": auth})


async def _parent(database_url: str) -> str:
    engine = create_engine(Settings(database_url=database_url))
    try:
        parent = await add_account(engine)
    finally:
        await engine.dispose()
    return basic_auth(parent.sid, parent.token)


async def _subaccount(base_url: str, parent: str) -> tuple[str, str]:
    created = (await _post(base_url, parent, CREATE)).json()["data"]["createSubaccount"]
    sid = created["account"]["sid"]
    return sid, basic_auth(sid, created["authToken"])


async def _refused_after(base_url: str, child: str, since: float) -> float:
    """Seconds from ``since`` until ``base_url`` refuses the credentials (401)."""
    while time.monotonic() - since < 10 * BOUND_SECONDS:
        response = await _post(base_url, child, VIEWER)
        if response.status_code == 401:
            return time.monotonic() - since
        assert response.status_code == 200, response.text
        await asyncio.sleep(0.05)
    raise AssertionError("the closed account was still served after 10 times the bound")


async def test_closing_an_account_is_refused_by_every_process_within_the_bound(
    database_url: str, tmp_path: Path
) -> None:
    parent = await _parent(database_url)
    with (
        running_gateway(database_url, tmp_path / "a", workers=1, settings=SETTINGS) as one,
        running_gateway(database_url, tmp_path / "b", workers=1, settings=SETTINGS) as other,
    ):
        sid, child = await _subaccount(one.base_url, parent)
        for server in (one, other):  # both processes now remember the child's sign-in
            assert (await _post(server.base_url, child, VIEWER)).json()["data"]["viewer"][
                "sid"
            ] == sid
        closed = await _post(one.base_url, parent, CLOSE, {"sid": sid})
        since = time.monotonic()
        assert closed.json()["data"]["updateSubaccount"]["account"]["status"] == "CLOSED"
        assert (await _post(one.base_url, child, VIEWER)).status_code == 401  # at once
        assert await _refused_after(other.base_url, child, since) <= BOUND_SECONDS + SLACK_SECONDS
