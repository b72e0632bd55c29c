"""Every webhook is signed. Without ``GATEWAY_WEBHOOK_SECRET`` the key is the secret generated
at the database's first ``migrate``, stored there, kept by later migrations and printed by
``numbers-gateway webhook-secret``; a configured secret wins over it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gateway.cli import cli
from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.events.secret import stored_webhook_secret
from resolvers.events.signing import signature_matches
from resolvers.events.webhooks import deliver_webhooks
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from tests.events.receiver import Received, receiving
from tests.events.support import LOOPBACK_ALLOWED, bought, set_status_callback
from tests.support import databases
from tests.support.client import Gateway
from tests.support.mutations import call
from tests.support.numbers import Caller
from tests.support.provisioning import new_buyer

SIGNATURE = "x-gateway-signature"


def command(*arguments: str, **environment: str) -> str:
    """What ``numbers-gateway ARGUMENTS`` prints on stdout (it must succeed)."""
    result = CliRunner().invoke(cli, list(arguments), env=environment)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


async def shown_secret(url: str, **environment: str) -> str:
    """``numbers-gateway webhook-secret`` (its own event loop: on a thread of its own)."""
    return await asyncio.to_thread(command, "webhook-secret", "--database", url, **environment)


async def stored(url: str) -> str | None:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            return await stored_webhook_secret(conn)
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database no ``migrate`` has touched yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    databases.require_postgres()
    url = databases.create_postgres_database(migrated=False)
    try:
        yield url
    finally:
        databases.drop_postgres_database(url)


async def test_the_first_migrate_generates_the_secret_and_later_ones_keep_it(
    new_database: str,
) -> None:
    await asyncio.to_thread(command, "migrate", "--database", new_database)
    first = await stored(new_database)
    assert first is not None
    assert len(first) >= 40  # 32 random bytes, URL-safe base64
    await asyncio.to_thread(command, "migrate", "--database", new_database)
    assert await stored(new_database) == first
    assert await shown_secret(new_database) == first
    configured = await shown_secret(new_database, GATEWAY_WEBHOOK_SECRET="from-the-setting")
    assert configured == "from-the-setting"


def environment(gateway: Gateway, secret: str) -> JobEnvironment:
    policy = LifecyclePolicy(webhook_secret=secret)
    return JobEnvironment(gateway.engine, gateway.clock, policy, LOOPBACK_ALLOWED)


async def delivered_with(gateway: Gateway, secret: str, phone_number: str) -> Received:
    """The request a status callback receives (``phone_number`` renamed) when the delivery
    pass runs with ``secret`` configured (empty: not configured)."""
    buyer = await new_buyer(gateway.engine)
    async with receiving([200]) as receiver:
        sid = await bought(gateway, buyer, phone_number)
        await set_status_callback(gateway.engine, sid, receiver.url)
        renamed = await call(
            gateway,
            Caller(buyer.sid, buyer.token),
            "configurePhoneNumber",
            sid=sid,
            friendlyName="Desk",
        )
        assert renamed["userErrors"] == []
        assert await deliver_webhooks(environment(gateway, secret)) == 1
    [request] = receiver.requests
    return request


async def test_deliveries_are_signed_with_the_stored_secret_unless_one_is_set(
    gateway: Gateway, database_url: str
) -> None:
    unconfigured = await delivered_with(gateway, "", "+14155550101")
    secret = await shown_secret(database_url)
    assert signature_matches(secret, unconfigured.body, unconfigured.headers[SIGNATURE])

    configured = await delivered_with(gateway, "operator-secret", "+14155550102")
    assert signature_matches("operator-secret", configured.body, configured.headers[SIGNATURE])
    assert not signature_matches(secret, configured.body, configured.headers[SIGNATURE])
