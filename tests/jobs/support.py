"""Running the job passes from tests, and reading what they left behind.

``run_jobs`` runs the registered passes once on the gateway's engine at the gateway's clock
time (tests move that clock; nothing sleeps). The readers go straight to the tables, so a
test can say "charged exactly once" without any GraphQL in between.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.clock import Clock
from resolvers.core.tables import accounts, ledger_entries, number_events, renewal_charges
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from resolvers.jobs.runner import run_once
from resolvers.schedule import JOB_PASSES
from tests.support.client import Gateway

BILLING_PASSES = ("renewals", "restore_windows", "aging")
NUMBER_BILLING = """
query($sid: String) {
  activeNumber(sid: $sid) {
    sid phoneNumber status
    billing { monthlyFee { amount } purchasedAt nextBillingDate status }
  }
}
"""


async def run_jobs(
    gateway: Gateway, policy: LifecyclePolicy | None = None, clock: Clock | None = None
) -> dict[str, int]:
    """The billing and aging passes once, as registered; pass name -> items processed.

    Other registered passes (reclaim, webhooks …) are left out, so these tests count only
    what they are about. Fails the test when a pass fails.
    """
    env = JobEnvironment(gateway.engine, clock or gateway.clock, policy or LifecyclePolicy())
    passes = [(name, job) for name, job in JOB_PASSES if name in BILLING_PASSES]
    results = await run_once(env, passes)
    assert all(result.error is None for result in results), results
    return {result.name: result.count for result in results}


async def events_of(engine: AsyncEngine, account_sid: str, kind: str) -> list[dict[str, Any]]:
    """The ``kind`` events of an account, oldest first, with their data decoded."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(number_events.c.node_type, number_events.c.node_sid, number_events.c.data)
            .where(number_events.c.account_sid == account_sid, number_events.c.kind == kind)
            .order_by(number_events.c.id)
        )
        return [
            {"node_type": node_type, "node_sid": node_sid, **orjson.loads(data)}
            for node_type, node_sid, data in rows
        ]


async def renewal_entries(engine: AsyncEngine, account_sid: str) -> list[tuple[int, str, str]]:
    """(amount, description, number sid) of the account's RENEWAL ledger entries, in order."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(
                ledger_entries.c.amount_minor,
                ledger_entries.c.description,
                ledger_entries.c.number_sid,
            )
            .where(ledger_entries.c.account_sid == account_sid, ledger_entries.c.kind == "RENEWAL")
            .order_by(ledger_entries.c.created_at, ledger_entries.c.description)
        )
        return [(int(amount), str(text), str(sid)) for amount, text, sid in rows]


async def charges_per_number(engine: AsyncEngine) -> dict[str, int]:
    """How many RENEWAL ledger entries each number has, over every account."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(ledger_entries.c.number_sid, func.count())
            .where(ledger_entries.c.kind == "RENEWAL")
            .group_by(ledger_entries.c.number_sid)
        )
        return {str(sid): int(count) for sid, count in rows}


async def renewal_charge_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(renewal_charges)) or 0)


async def account_status(engine: AsyncEngine, account_sid: str) -> str:
    async with engine.connect() as conn:
        status = await conn.scalar(select(accounts.c.status).where(accounts.c.sid == account_sid))
    return str(status)


async def number_billing(gateway: Gateway, auth: str, sid: str) -> dict[str, Any]:
    data = await gateway.gql(NUMBER_BILLING, {"sid": sid}, auth=auth)
    number: dict[str, Any] = data["activeNumber"]
    return number
