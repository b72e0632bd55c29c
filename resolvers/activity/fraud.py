"""Release-and-buy churn (REFERENCE.md "Fraud pattern"): flag the account, then suspend it.

Churn, per account, within ``policy.fraud_window`` ending now: the number of purchases that
follow a release of the same account, each release used by at most one purchase (releases and
purchases are matched in time order, like brackets). Releases the gateway made itself
(reclaims) and releases undone by a restore do not count; purchases are new ownerships
(origin PURCHASED), not restores. An account whose churn reaches ``fraud_flag_threshold`` is
flagged (``fraud_flagged_at``, event ACCOUNT_FLAGGED); one that reaches
``fraud_suspend_threshold`` is also SUSPENDED (event ACCOUNT_SUSPENDED). A flag stays until an
operator clears it; nothing here lifts a suspension.

Why a pass and not a check inside purchasePhoneNumber: the verdict needs the policy (job
configuration) and two indexed reads per account, and a refusal would have to explain itself
inside somebody's purchase; as a pass it runs beside the other lifecycle jobs and is
idempotent at a given clock time. ``check_account`` is the per-account step, callable inline
from any transaction that has the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import accounts
from resolvers.core.tables import owned_numbers as o
from resolvers.core.transactions import transact
from resolvers.events.outbox import record_event
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy

# The latest release of the row was not the gateway's reclaim (a reclaimed number may have been
# restored and released again by its owner since).
NOT_A_RECLAIM = or_(o.c.reclaimed_at.is_(None), o.c.reclaimed_at != o.c.released_at)


@dataclass(frozen=True)
class Verdict:
    churn: int
    flagged: bool  # flagged by this check (not before)
    suspended: bool  # suspended by this check


async def churn(conn: AsyncConnection, account_sid: str, since: datetime, now: datetime) -> int:
    """Purchases that follow a release within [since, now], each release matched once."""
    releases = await conn.execute(
        select(o.c.released_at).where(
            o.c.account_sid == account_sid,
            o.c.released_at >= since,
            o.c.released_at <= now,
            NOT_A_RECLAIM,
        )
    )
    purchases = await conn.execute(
        select(o.c.created_at).where(
            o.c.account_sid == account_sid,
            o.c.origin == "PURCHASED",
            o.c.created_at >= since,
            o.c.created_at <= now,
        )
    )
    # (time, 0) for a release sorts before a purchase at the same instant: release-then-buy
    events = sorted([(at, 0) for (at,) in releases] + [(at, 1) for (at,) in purchases])
    open_releases = matched = 0
    for _, is_purchase in events:
        if not is_purchase:
            open_releases += 1
        elif open_releases:
            open_releases -= 1
            matched += 1
    return matched


async def check_account(
    conn: AsyncConnection, account_sid: str, now: datetime, policy: LifecyclePolicy
) -> Verdict:
    """Flag and/or suspend one account by its churn; conditional updates, so a repeat (or a
    concurrent check) changes nothing and records no second event."""
    count = await churn(conn, account_sid, now - policy.fraud_window, now)
    data: dict[str, object] = {
        "churn": count,
        "windowSeconds": int(policy.fraud_window.total_seconds()),
    }
    flagged = suspended = False
    if count >= min(policy.fraud_flag_threshold, policy.fraud_suspend_threshold):
        flagged = await _change(
            conn,
            account_sid,
            now,
            accounts.c.fraud_flagged_at.is_(None),
            {"fraud_flagged_at": now},
            "ACCOUNT_FLAGGED",
            data,
        )
    if count >= policy.fraud_suspend_threshold:
        suspended = await _change(
            conn,
            account_sid,
            now,
            accounts.c.status == "ACTIVE",
            {"status": "SUSPENDED", "updated_at": now},
            "ACCOUNT_SUSPENDED",
            {**data, "reason": "FRAUD"},
        )
    return Verdict(count, flagged, suspended)


async def _change(
    conn: AsyncConnection,
    account_sid: str,
    now: datetime,
    unless_done: ColumnElement[bool],
    values: dict[str, object],
    kind: str,
    data: dict[str, object],
) -> bool:
    changed = await conn.execute(
        accounts.update().where(accounts.c.sid == account_sid, unless_done).values(values)
    )
    if changed.rowcount != 1:
        return False
    await record_event(
        conn,
        account_sid=account_sid,
        kind=kind,
        node_type="Account",
        node_sid=account_sid,
        now=now,
        data=data,
    )
    return True


async def fraud_pass(env: JobEnvironment) -> int:
    """Check every account that released a number within the window (one transaction each);
    returns how many accounts were flagged or suspended by this run."""
    now = env.clock.now()
    since = now - env.policy.fraud_window
    async with env.engine.connect() as conn:
        candidates = await conn.execute(
            select(o.c.account_sid)
            .where(o.c.released_at >= since, o.c.released_at <= now, NOT_A_RECLAIM)
            .distinct()
            .order_by(o.c.account_sid)
        )
        account_sids = [str(sid) for (sid,) in candidates]
    changed = 0
    for account_sid in account_sids:
        check = partial(check_account, account_sid=account_sid, now=now, policy=env.policy)
        verdict = await transact(env.engine, check)
        changed += int(verdict.flagged or verdict.suspended)
    return changed
