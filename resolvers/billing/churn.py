"""Release-and-buy churn (REFERENCE.md "Fraud pattern"), counted over a whole account tree.

Churn within ``policy.window`` ending now: the number of purchases that follow a release,
each release used by at most one purchase (releases and purchases matched in time order, like
brackets). It is counted over the account tree (a parent and all its subaccounts: issue 13,
item 5), so releasing in one subaccount and buying in a sibling is churn all the same.
Releases the gateway made itself (reclaims) and releases undone by a restore do not count;
purchases are new ownerships (origin PURCHASED), not restores.

At ``flag_threshold`` every account of the tree that took part (released or bought in the
window) is flagged (``fraud_flagged_at``, event ACCOUNT_FLAGGED); at ``suspend_threshold``
those accounts are also SUSPENDED (event ACCOUNT_SUSPENDED, reason FRAUD). A flag stays until
an operator clears it; a parent cannot lift a suspension for fraud (``resolvers.accounts``).

The fraud pass (``resolvers.activity.fraud``) checks every tree with a recent release; a
flagged account's purchase runs the same check inline (``check_after_purchase``), so the
suspension does not wait for the next pass. Lives in billing, beside the suspension for
nonpayment, so that purchases (provisioning) can call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.request_rules import ChurnPolicy
from resolvers.core.sign_in import report_sign_in_change
from resolvers.core.tables import accounts
from resolvers.core.tables import owned_numbers as o
from resolvers.events.outbox import record_event

# The latest release of the row was not the gateway's reclaim (a reclaimed number may have been
# restored and released again by its owner since).
NOT_A_RECLAIM = or_(o.c.reclaimed_at.is_(None), o.c.reclaimed_at != o.c.released_at)


@dataclass(frozen=True)
class Verdict:
    churn: int
    flagged: bool  # some account was flagged by this check (not before)
    suspended: bool  # some account was suspended by this check


@dataclass(frozen=True)
class Churn:
    pairs: int
    accounts: tuple[str, ...]  # the tree's accounts that released or bought in the window


async def tree_of(conn: AsyncConnection, account_sid: str) -> list[str]:
    """The account's tree: its root (the parent, or itself) and every subaccount of the root."""
    parent = await conn.scalar(select(accounts.c.parent_sid).where(accounts.c.sid == account_sid))
    root = parent or account_sid
    children = await conn.scalars(select(accounts.c.sid).where(accounts.c.parent_sid == root))
    return [root, *children]


async def churn(
    conn: AsyncConnection, account_sids: list[str], since: datetime, now: datetime
) -> Churn:
    """Purchases that follow a release within [since, now] in these accounts, each release
    matched once, and which accounts took part."""
    releases = await conn.execute(
        select(o.c.released_at, o.c.account_sid).where(
            o.c.account_sid.in_(account_sids),
            o.c.released_at >= since,
            o.c.released_at <= now,
            NOT_A_RECLAIM,
        )
    )
    purchases = await conn.execute(
        select(o.c.created_at, o.c.account_sid).where(
            o.c.account_sid.in_(account_sids),
            o.c.origin == "PURCHASED",
            o.c.created_at >= since,
            o.c.created_at <= now,
        )
    )
    # (time, 0) for a release sorts before a purchase at the same instant: release-then-buy
    events = sorted(
        [(at, 0, sid) for at, sid in releases] + [(at, 1, sid) for at, sid in purchases]
    )
    open_releases = matched = 0
    for _, is_purchase, _ in events:
        if not is_purchase:
            open_releases += 1
        elif open_releases:
            open_releases -= 1
            matched += 1
    return Churn(matched, tuple(sorted({sid for _, _, sid in events})))


async def check_tree(
    conn: AsyncConnection, account_sid: str, now: datetime, policy: ChurnPolicy
) -> Verdict:
    """Flag and/or suspend the churning accounts of ``account_sid``'s tree; conditional
    updates, so a repeat (or a concurrent check) changes nothing and records no second event."""
    counted = await churn(conn, await tree_of(conn, account_sid), now - policy.window, now)
    data: dict[str, object] = {
        "churn": counted.pairs,
        "windowSeconds": int(policy.window.total_seconds()),
        "accountSids": list(counted.accounts),
    }
    flagged = suspended = False
    for sid in counted.accounts:
        if counted.pairs >= min(policy.flag_threshold, policy.suspend_threshold):
            flagged |= await _change(
                conn,
                sid,
                now,
                accounts.c.fraud_flagged_at.is_(None),
                {"fraud_flagged_at": now},
                "ACCOUNT_FLAGGED",
                data,
            )
        if counted.pairs >= policy.suspend_threshold:
            suspended |= await _change(
                conn,
                sid,
                now,
                accounts.c.status == "ACTIVE",
                {"status": "SUSPENDED", "updated_at": now},
                "ACCOUNT_SUSPENDED",
                {**data, "reason": "FRAUD"},
            )
    return Verdict(counted.pairs, flagged, suspended)


async def check_after_purchase(
    conn: AsyncConnection,
    account_sid: str,
    flagged_at: datetime | None,
    now: datetime,
    policy: ChurnPolicy,
) -> None:
    """A flagged account's purchase is checked at once (the purchase itself stands; the
    suspension, if due, stops the next one)."""
    if flagged_at is not None:
        await check_tree(conn, account_sid, now, policy)


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
    if "status" in values:
        report_sign_in_change(account_sid)
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
