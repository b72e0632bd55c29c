"""Each setting a job pass obeys reaches it through ``jobs run``/``jobs serve``: the command's
environment is opened from ``GATEWAY_*`` variables and the passes do what the values ask.

A default would show differently in every assertion: 500 rows per transaction, retries after
30 s, 8 attempts, unsigned bodies, loopback refused, 20 accounts per renewal claim, a 14-day
reclaim grace, fraud at 5 and 10 release-and-buy pairs within 24 hours.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from resolvers.core.tables import catalog_numbers
from resolvers.events.signing import signature_matches
from tests.events.receiver import receiving
from tests.jobs.support import events_of
from tests.settings.support import (
    counting_transactions,
    deliveries,
    jobs_environment,
    queue_deliveries,
    run_pass,
)
from tests.support.client import Gateway
from tests.support.factories import T0, add_account, add_catalog, catalog_row
from tests.support.numbers import Number, add_numbers
from tests.support.provisioning import Buyer, new_buyer, ok, purchase, release

SECRET = "jobs-secret"
MINUTE = timedelta(minutes=1)


async def test_batch_size_attempts_retry_delay_secret_and_allowed_hosts(
    gateway: Gateway, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {
        "GATEWAY_JOBS_BATCH_SIZE": "2",
        "GATEWAY_WEBHOOK_MAX_ATTEMPTS": "2",
        "GATEWAY_WEBHOOK_FIRST_RETRY_SECONDS": "90",
        "GATEWAY_WEBHOOK_SECRET": SECRET,
        "GATEWAY_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    }
    clock = gateway.clock
    async with (
        receiving([500]) as receiver,
        jobs_environment(monkeypatch, database_url, clock, **settings) as env,
    ):
        await queue_deliveries(env.engine, receiver.url, 3, clock.now())
        assert await run_pass(env, "webhooks") == 2  # one claim: 2 of the 3 due
        retried = [d for d in await deliveries(env.engine) if d["attempts"] == 1]
        assert [d["next_attempt_at"] for d in retried] == [T0 + timedelta(seconds=90)] * 2
        counts = []
        while count := await run_pass(env, "webhooks"):
            counts.append(count)
            clock.advance(timedelta(seconds=90))
        for request in receiver.requests:
            signature = request.headers["x-gateway-signature"]
            assert signature_matches(SECRET, request.body, signature)
    assert max(counts) <= 2
    assert len(receiver.requests) == 6  # 3 deliveries x 2 attempts
    assert {(d["status"], d["attempts"]) for d in await deliveries(gateway.engine)} == {
        ("FAILED", 2)
    }


async def test_private_webhooks_allowed(
    gateway: Gateway, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {"GATEWAY_ALLOW_PRIVATE_WEBHOOKS": "true"}
    async with (
        receiving([204]) as receiver,
        jobs_environment(monkeypatch, database_url, gateway.clock, **settings) as env,
    ):
        await queue_deliveries(env.engine, receiver.url, 1, gateway.clock.now())
        assert await run_pass(env, "webhooks") == 1
    assert len(receiver.requests) == 1
    assert [d["status"] for d in await deliveries(gateway.engine)] == ["DELIVERED"]


async def test_renewal_accounts_per_claim(
    gateway: Gateway, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    due = {"purchased_at": T0 - timedelta(days=31), "next_billing_date": T0 - MINUTE}
    for index in range(3):
        account = await add_account(gateway.engine)
        await add_numbers(gateway.engine, account.sid, [Number(f"+1415555030{index}", owned=due)])
    settings = {"GATEWAY_JOBS_RENEWAL_ACCOUNTS_PER_CLAIM": "1"}
    async with jobs_environment(monkeypatch, database_url, gateway.clock, **settings) as env:
        with counting_transactions(env.engine) as transactions:
            assert await run_pass(env, "renewals") == 3
    assert transactions.committed == 4  # one account per claim, then the claim that finds none


async def test_reclaim_grace_and_batch_size(
    gateway: Gateway, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await add_account(gateway.engine)
    idle = {"purchased_at": T0 - timedelta(days=40)}
    numbers = [Number(f"+1415555040{index}", owned=idle) for index in range(3)]
    await add_numbers(gateway.engine, account.sid, numbers)
    settings = {
        "GATEWAY_RECLAIM_GRACE_DAYS": "3",
        "GATEWAY_RECLAIM_BATCH_SIZE": "2",
        "GATEWAY_AGING_DAYS": "7",
    }
    async with jobs_environment(monkeypatch, database_url, gateway.clock, **settings) as env:
        with counting_transactions(env.engine) as transactions:
            assert await run_pass(env, "reclaim") == 3  # all three warned
        # withdrawals, an empty reclaim batch, then warnings two per transaction: 2 + 1
        assert transactions.committed == 4
        warnings = await events_of(gateway.engine, account.sid, "RECLAIM_WARNING")
        reclaim_after = {warning["reclaimAfter"] for warning in warnings}
        assert reclaim_after == {"2026-01-18T12:00:00+00:00"}  # T0 + 3 days
        gateway.clock.advance(timedelta(days=3))
        assert await run_pass(env, "reclaim") == 3  # reclaimed: quarantined for 7 days
    async with gateway.engine.connect() as conn:
        aging = await conn.scalars(
            select(catalog_numbers.c.aging_until).where(
                catalog_numbers.c.phone_number.in_([n.phone_number for n in numbers])
            )
        )
        assert set(aging) == {gateway.clock.now() + timedelta(days=10 + 7)}


async def test_fraud_window_and_thresholds(
    gateway: Gateway, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_catalog(gateway.engine, [catalog_row(f"+1415555050{i}") for i in range(8)])
    slow, fast = await new_buyer(gateway.engine), await new_buyer(gateway.engine)
    churner = _Churner(gateway)
    await churner.pairs(slow, 1)  # a release-and-buy pair 8 hours before the check
    gateway.clock.advance(timedelta(hours=8))
    await churner.pairs(slow, 2)  # two more within the window
    await churner.pairs(fast, 3)
    settings = {
        "GATEWAY_FRAUD_WINDOW_HOURS": "5",
        "GATEWAY_FRAUD_FLAG_THRESHOLD": "2",
        "GATEWAY_FRAUD_SUSPEND_THRESHOLD": "3",
    }
    async with jobs_environment(monkeypatch, database_url, gateway.clock, **settings) as env:
        assert await run_pass(env, "fraud") == 2
    viewer = "{ viewer { status flaggedForFraud } }"
    assert (await gateway.gql(viewer, auth=slow.auth))["viewer"] == {
        "status": "ACTIVE",  # 2 pairs within 5 hours (3 within 24): flagged only
        "flaggedForFraud": True,
    }
    assert (await gateway.gql(viewer, auth=fast.auth))["viewer"] == {
        "status": "SUSPENDED",
        "flaggedForFraud": True,
    }


class _Churner:
    """Buys and releases the catalog's numbers in turn, a minute apart."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway, self.next = gateway, 0
        self.held: dict[str, str] = {}  # account sid -> the number it holds

    async def pairs(self, buyer: Buyer, count: int) -> None:
        """``count`` release-then-buy pairs (buying first when the account holds nothing)."""
        if buyer.sid not in self.held:
            await self._buy(buyer)
        for _ in range(count):
            self.gateway.clock.advance(MINUTE)
            ok(await release(self.gateway, buyer, sid=self.held[buyer.sid]))
            await self._buy(buyer)

    async def _buy(self, buyer: Buyer) -> None:
        self.gateway.clock.advance(MINUTE)
        phone = f"+1415555050{self.next}"
        self.next += 1
        payload = ok(await purchase(self.gateway, buyer, phoneNumber=phone))
        self.held[buyer.sid] = payload["activeNumber"]["sid"]
