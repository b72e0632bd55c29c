"""The fraud pass: release-and-buy churn flags, then suspends (REFERENCE.md "Fraud pattern").

The rule itself, counted over a whole account tree, is ``resolvers.billing.churn`` (where a
flagged account's purchases run it inline too). This pass checks, one transaction per tree,
every tree in which an account released a number within the window, so a flag or suspension
is never later than the next run; it is idempotent at a given clock time.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select

from resolvers.billing.churn import NOT_A_RECLAIM, Verdict, check_tree
from resolvers.core.tables import accounts
from resolvers.core.tables import owned_numbers as o
from resolvers.core.transactions import transact
from resolvers.jobs.environment import JobEnvironment

__all__ = ["Verdict", "fraud_pass"]


async def fraud_pass(env: JobEnvironment) -> int:
    """Check every account tree with a release within the window (one transaction each);
    returns how many trees had an account flagged or suspended by this run."""
    now = env.clock.now()
    since = now - env.policy.fraud_window
    root = func.coalesce(accounts.c.parent_sid, accounts.c.sid)
    async with env.engine.connect() as conn:
        candidates = await conn.execute(
            select(root)
            .join(o, o.c.account_sid == accounts.c.sid)
            .where(o.c.released_at >= since, o.c.released_at <= now, NOT_A_RECLAIM)
            .distinct()
            .order_by(root)
        )
        roots = [str(sid) for (sid,) in candidates]
    changed = 0
    for root_sid in roots:
        check = partial(check_tree, account_sid=root_sid, now=now, policy=env.policy.churn)
        verdict = await transact(env.engine, check)
        changed += int(verdict.flagged or verdict.suspended)
    return changed
