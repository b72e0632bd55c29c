"""``deliver_webhooks``: the job pass that sends due webhook deliveries, each by its status
callback's method (a JSON POST, or a GET with the event in the query string), always signed
(``resolvers.events.signing``, with the key of ``resolvers.events.secret``).

A pass claims due PENDING rows in one short transaction (SKIP LOCKED on PostgreSQL, so several
runners split the work; SQLite serializes writers, and the claim's conditional update is
enough), POSTs them with no transaction open, then records every outcome in a second short
transaction. The claim bumps ``attempts`` and moves ``next_attempt_at`` past the HTTP timeout,
a lease: a runner that dies mid-flight leaves rows that become due again (at-least-once; the
``X-Gateway-Event-Sid`` header lets receivers drop repeats).

Retry schedule: after the n-th failed attempt the next one is due ``webhook_first_retry *
2**(n-1)`` later (30 s, 1 min, 2 min … by default); the ``webhook_max_attempts``-th failure is
final (FAILED), as is a target the environment's URL policy refuses (``http.target_refusal``).
Any 2xx answer is DELIVERED.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import number_events as e
from resolvers.core.tables import webhook_deliveries as d
from resolvers.core.transactions import transact
from resolvers.core.url_policy import UrlPolicy
from resolvers.events.http import Outcome, WebhookSender, attempt, httpx_sender
from resolvers.events.outbox import WebhookDeliveryStatus
from resolvers.events.secret import webhook_secret
from resolvers.events.signing import WebhookRequest, webhook_request
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy

# The delivery statuses under their bare names.
PENDING = WebhookDeliveryStatus.PENDING
DELIVERED = WebhookDeliveryStatus.DELIVERED
FAILED = WebhookDeliveryStatus.FAILED
CONCURRENT_POSTS = 16


@dataclass(frozen=True)
class Claimed:
    id: int
    attempt: int  # this attempt's number, 1-based
    request: WebhookRequest


async def deliver_webhooks(env: JobEnvironment, sender: WebhookSender | None = None) -> int:
    """POST every due delivery once; the number of attempts made."""
    policy = env.policy
    claimed = await transact(env.engine, lambda conn: claim_due(conn, env.clock.now(), policy))
    if not claimed:
        return 0
    if sender is None:
        # httpx (and the CLI libraries it imports) only once there is something to deliver:
        # a serving worker that never delivers is ~10 MB smaller.
        import httpx

        timeout = policy.webhook_timeout.total_seconds()
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
            outcomes = await _post_all(httpx_sender(client), env.url_policy, claimed)
    else:
        outcomes = await _post_all(sender, env.url_policy, claimed)
    finished = env.clock.now()
    await transact(
        env.engine, lambda conn: record_outcomes(conn, claimed, outcomes, finished, policy)
    )
    return len(claimed)


async def claim_due(conn: AsyncConnection, now: datetime, policy: LifecyclePolicy) -> list[Claimed]:
    rows = (
        await conn.execute(
            select(d.c.id, d.c.url, d.c.method, d.c.attempts, e.c.sid, e.c.kind, e.c.account_sid)
            .add_columns(e.c.node_type, e.c.node_sid, e.c.occurred_at, e.c.data)
            .join(e, e.c.id == d.c.event_id)
            .where(d.c.status == PENDING, d.c.next_attempt_at <= now)
            .order_by(d.c.next_attempt_at, d.c.id)
            .limit(policy.batch_size)
            .with_for_update(skip_locked=True, of=d)
        )
    ).all()
    if not rows:
        return []
    secret = await webhook_secret(conn, policy.webhook_secret, now)
    lease = now + policy.webhook_timeout * 2
    claimed = []
    for row in rows:
        taken = await conn.execute(
            d.update()
            .where(d.c.id == row.id, d.c.status == PENDING, d.c.attempts == row.attempts)
            .values(attempts=row.attempts + 1, next_attempt_at=lease, last_attempt_at=now)
        )
        if taken.rowcount == 1:
            number = row.attempts + 1
            request = webhook_request(row, row.url, row.method, secret, number)
            claimed.append(Claimed(row.id, number, request))
    return claimed


async def _post_all(
    send: WebhookSender, url_policy: UrlPolicy, claimed: Sequence[Claimed]
) -> list[Outcome]:
    gate = asyncio.Semaphore(CONCURRENT_POSTS)

    async def one(delivery: Claimed) -> Outcome:
        async with gate:
            return await attempt(send, url_policy, delivery.request)

    return list(await asyncio.gather(*(one(delivery) for delivery in claimed)))


def retry_delay(policy: LifecyclePolicy, failed_attempts: int) -> timedelta:
    """How long after the ``failed_attempts``-th failure the next attempt is due."""
    delay: timedelta = policy.webhook_first_retry * 2 ** (failed_attempts - 1)
    return delay


async def record_outcomes(
    conn: AsyncConnection,
    claimed: Sequence[Claimed],
    outcomes: Sequence[Outcome],
    now: datetime,
    policy: LifecyclePolicy,
) -> None:
    for delivery, outcome in zip(claimed, outcomes, strict=True):
        values: dict[str, Any] = {
            "last_status_code": outcome.status_code,
            "last_error": outcome.error,
        }
        if outcome.delivered:
            values |= {"status": DELIVERED, "delivered_at": now, "next_attempt_at": None}
        elif outcome.final or delivery.attempt >= policy.webhook_max_attempts:
            values |= {"status": FAILED, "next_attempt_at": None}
        else:
            values["next_attempt_at"] = now + retry_delay(policy, delivery.attempt)
        # the guard: a runner whose lease ran out must not overwrite a later attempt's result
        await conn.execute(
            d.update()
            .where(d.c.id == delivery.id, d.c.attempts == delivery.attempt, d.c.status == PENDING)
            .values(**values)
        )
