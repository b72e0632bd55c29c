"""Authentication without a round trip on the hot path, and its staleness bound (issue #12
item 4, README "Authentication").

Two gateway processes on one database: a parent closes its subaccount through one of them.
That process refuses the subaccount's credentials at once; the other one, which signed the
subaccount in a moment earlier and so remembers it, refuses them within
``GATEWAY_AUTH_CACHE_SECONDS`` (plus the time one request takes), never later.

In one process: a purchase whose churn check suspends the account is seen by the very next
request; a purchase or release that changes no account keeps the remembered sign-in, so the
next request signs in without a statement (issue #12 item 5).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.tables import accounts
from tests.support.client import Gateway, basic_auth, in_process_gateway
from tests.support.factories import T0, add_account, add_catalog, catalog_row
from tests.support.mutations import call, refusal
from tests.support.numbers import Caller
from tests.support.plans import statements_issued
from tests.support.provisioning import Buyer, new_buyer, ok, purchase, release
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


NUMBERS = [f"+1415555020{i}" for i in range(5)]


@pytest.fixture
async def churn_gateway(database_url: str) -> AsyncIterator[Gateway]:
    """In process, remembering sign-ins 60 s (its clock is fixed), suspending at 3 churn pairs."""
    async with in_process_gateway(
        database_url, auth_cache_seconds=60, fraud_flag_threshold=2, fraud_suspend_threshold=3
    ) as gateway:
        yield gateway


async def _churn_twice(gateway: Gateway, buyer: Buyer) -> str:
    """Buy, release, buy, release, buy: two churn pairs. Returns the number held."""
    sid = ok(await purchase(gateway, buyer, phoneNumber=NUMBERS[0]))["activeNumber"]["sid"]
    for number in NUMBERS[1:3]:
        ok(await release(gateway, buyer, sid=sid))
        sid = ok(await purchase(gateway, buyer, phoneNumber=number))["activeNumber"]["sid"]
    return str(sid)


async def test_a_purchase_suspended_by_its_churn_check_is_seen_at_once(
    churn_gateway: Gateway,
) -> None:
    gateway = churn_gateway
    await add_catalog(gateway.engine, [catalog_row(n) for n in NUMBERS])
    buyer = await new_buyer(gateway.engine)
    sid = await _churn_twice(gateway, buyer)
    async with gateway.engine.begin() as conn:  # flagged: its purchases are checked inline
        await conn.execute(
            update(accounts).where(accounts.c.sid == buyer.sid).values(fraud_flagged_at=T0)
        )
    ok(await release(gateway, buyer, sid=sid))
    ok(await purchase(gateway, buyer, phoneNumber=NUMBERS[3]))  # churn 3: suspends the buyer
    # The same moment on the clock, so a remembered sign-in would still be fresh: a
    # subaccount may only be created by an ACTIVE account, which the remembered one was.
    payload = await call(gateway, Caller(buyer.sid, buyer.token), "createSubaccount")
    refusal(payload, "ACCOUNT_NOT_ACTIVE", 20005)


async def test_a_purchase_and_a_release_keep_the_remembered_sign_in(
    churn_gateway: Gateway,
) -> None:
    gateway = churn_gateway
    await add_catalog(gateway.engine, [catalog_row(NUMBERS[4])])
    buyer = await new_buyer(gateway.engine)
    await gateway.gql("{ __typename }", auth=buyer.auth)  # remembered from here on
    sid = ok(await purchase(gateway, buyer, phoneNumber=NUMBERS[4]))["activeNumber"]["sid"]
    with statements_issued(gateway.engine) as after_purchase:
        await gateway.gql("{ __typename }", auth=buyer.auth)
    ok(await release(gateway, buyer, sid=sid))
    with statements_issued(gateway.engine) as after_release:
        await gateway.gql("{ __typename }", auth=buyer.auth)
    assert (after_purchase, after_release) == ([], [])  # no sign-in statement


@contextmanager
def pool_checkouts(engine: AsyncEngine) -> Iterator[list[object]]:
    """Every connection checked out of ``engine``'s pool inside the block."""
    taken: list[object] = []

    def checked_out(dbapi_connection: object, *_: object) -> None:
        taken.append(dbapi_connection)

    event.listen(engine.sync_engine.pool, "checkout", checked_out)
    try:
        yield taken
    finally:
        event.remove(engine.sync_engine.pool, "checkout", checked_out)


async def test_a_fresh_sign_in_and_its_purchase_take_no_pooled_connection_on_sqlite(
    gateway: Gateway,
) -> None:
    """On a SQLite file a mutation signs in and writes without aiosqlite's thread: under a
    loop kept busy by writes, each hop to it waited a whole turn of the loop (the write loop's
    p99: issue 12 item 5). PostgreSQL: a connection to sign in, one to write, one to read the
    payload back, one after the other."""
    await add_catalog(gateway.engine, [catalog_row(NUMBERS[0])])
    buyer = await new_buyer(gateway.engine)  # not signed in yet: nothing remembered
    with pool_checkouts(gateway.engine) as taken, statements_issued(gateway.engine) as issued:
        ok(await purchase(gateway, buyer, phoneNumber=NUMBERS[0]))
    assert "auth_token_hash" in issued[0][0], issued  # it signed in first
    assert len(taken) == (0 if gateway.engine.dialect.name == "sqlite" else 3), taken
