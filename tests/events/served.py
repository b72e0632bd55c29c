"""Gateways served as processes for the subscription tests: seeded accounts, and a caller
that makes events through the HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from gateway.auth import basic_auth_header
from gateway.database import create_engine
from gateway.settings import Settings
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.server import ServerProcess

NUMBERS = [f"+1415555{n:04d}" for n in range(200, 240)]
CONFIGURE = """
mutation($input: ConfigurePhoneNumberInput!) {
  configurePhoneNumber(input: $input) { activeNumber { sid } userErrors { code message } }
}
"""
PURCHASE = """
mutation($input: PurchasePhoneNumberInput!) {
  purchasePhoneNumber(input: $input) { activeNumber { sid } userErrors { code message } }
}
"""
RELEASE = """
mutation($input: ReleasePhoneNumberInput!) {
  releasePhoneNumber(input: $input) { releasedNumber { sid } userErrors { code message } }
}
"""


@dataclass(frozen=True)
class Served:
    server: ServerProcess
    parent: Account
    child: Account
    stranger: Account


async def seed_accounts(database_url: str) -> tuple[Account, Account, Account]:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await add_catalog(engine, [catalog_row(number) for number in NUMBERS])
        parent = await add_account(engine)
        child = await add_account(engine, parent_sid=parent.sid)
        stranger = await add_account(engine)
    finally:
        await engine.dispose()
    return parent, child, stranger


def auth(account: Account) -> str:
    return basic_auth_header(account.sid, account.token)


class Caller:
    """One account's mutations over HTTP; it buys numbers from ``NUMBERS`` in turn."""

    bought = 0

    def __init__(self, server: ServerProcess, account: Account) -> None:
        self.http = httpx.AsyncClient(
            base_url=server.base_url, headers={"Authorization": auth(account)}, timeout=30
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def call(self, mutation: str, name: str, **input_: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": mutation, "variables": {"input": input_}}
        )
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body
        payload: dict[str, Any] = body["data"][name]
        assert payload["userErrors"] == [], payload
        return payload

    async def buy(self, **input_: Any) -> str:
        """Buy the next number of ``NUMBERS`` (``input_`` adds purchase input fields)."""
        Caller.bought += 1
        number = NUMBERS[Caller.bought]
        payload = await self.call(PURCHASE, "purchasePhoneNumber", phoneNumber=number, **input_)
        sid: str = payload["activeNumber"]["sid"]
        return sid

    async def rename(self, sid: str, name: str) -> None:
        await self.call(CONFIGURE, "configurePhoneNumber", sid=sid, friendlyName=name)


CallerFactory = Callable[[ServerProcess, Account], Caller]


@asynccontextmanager
async def callers() -> AsyncIterator[CallerFactory]:
    """Make callers as needed; their HTTP connections are closed when the block ends."""
    made: list[Caller] = []

    def call_as(server: ServerProcess, account: Account) -> Caller:
        made.append(Caller(server, account))
        return made[-1]

    try:
        yield call_as
    finally:
        for caller in made:
            await caller.close()
