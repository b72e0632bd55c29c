"""The renewal pass: charge every due monthly fee, suspend accounts that cannot pay.

Work is claimed by account, in account-sid order, a few accounts per transaction
(``SELECT … FOR NO KEY UPDATE SKIP LOCKED`` on PostgreSQL: other runners skip the account,
requests that debit it wait, and inserts that merely reference it, such as an event, do not;
SQLite's BEGIN IMMEDIATE serializes the runners instead). Holding the account's row makes its
balance stable while its numbers are charged, so one runner settles an account at a time and
other runners skip to the next ones.
Each runner walks the accounts once per pass (a keyset cursor), so the pass ends even when an
account cannot pay. An account whose row a request holds at that moment (a purchase or refund
in flight) is skipped, and the next pass takes it.

- ACTIVE account: its due cycles are charged oldest first (``resolvers.billing.charges``), at
  most ``policy.batch_size`` per transaction. The first cycle the balance cannot cover
  suspends the account (``resolvers.billing.suspension``); cycles charged before it stay paid.
- SUSPENDED for nonpayment: when the balance covers every cycle due by now, all of them are
  charged and the account is ACTIVE again, in one transaction; otherwise nothing happens.
  So after addFunds the account comes back at the next pass, not at the top-up itself.
- Any other account (SUSPENDED for another reason, CLOSED) is left alone; its numbers keep
  their billing date and are caught up once the account is ACTIVE again.

The pass returns how many items it processed: cycles charged plus accounts suspended or
reactivated. Run again at the same clock time, it finds nothing due and returns 0.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.billing.charges import arrears_minor, charge_cycle, due_cycles, due_numbers
from resolvers.billing.suspension import (
    ACTIVE,
    SUSPENDED,
    reactivate_after_payment,
    suspend_for_nonpayment,
)
from resolvers.core.tables import accounts
from resolvers.core.tables import owned_numbers as o
from resolvers.core.transactions import transact
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy


@dataclass(frozen=True)
class _Batch:
    processed: int
    after: str  # the cursor for the next claim
    exhausted: bool  # nothing left to claim


async def renew_due_numbers(env: JobEnvironment) -> int:
    now = env.clock.now()
    processed, after = 0, ""
    while True:
        work = functools.partial(_renew_batch, after=after, now=now, policy=env.policy)
        batch = await transact(env.engine, work)
        processed += batch.processed
        if batch.exhausted:
            return processed
        after = batch.after


def _claim(after: str, now: datetime, limit: int) -> Select[Any]:
    """Accounts past the cursor with something to settle, locked (skipping locked ones)."""
    due = exists().where(
        o.c.account_sid == accounts.c.sid,
        o.c.status == "IN_USE",
        o.c.next_billing_date <= now,
    )
    return (
        select(accounts.c.sid, accounts.c.status, accounts.c.balance_minor)
        .where(
            accounts.c.sid > after,
            or_(
                and_(accounts.c.status == ACTIVE, due),
                and_(accounts.c.status == SUSPENDED, accounts.c.billing_suspended_at.is_not(None)),
            ),
        )
        .order_by(accounts.c.sid)
        .limit(limit)
        .with_for_update(skip_locked=True, key_share=True)
    )


async def _renew_batch(
    conn: AsyncConnection, *, after: str, now: datetime, policy: LifecyclePolicy
) -> _Batch:
    claimed = (await conn.execute(_claim(after, now, policy.renewal_accounts_per_claim))).all()
    if not claimed:
        return _Batch(0, after, exhausted=True)
    processed, budget = 0, max(1, policy.batch_size)
    for account in claimed:
        if account.status == ACTIVE:
            count, finished = await _renew_account(conn, account, now, budget - processed)
        else:
            count, finished = await _settle_arrears(conn, account, now), True
        processed += count
        if not finished:
            break  # the cursor stays before this account: the next claim takes it again
        after = account.sid
        if processed >= budget:
            break
    return _Batch(processed, after, exhausted=False)


async def _renew_account(
    conn: AsyncConnection, account: Row[Any], now: datetime, budget: int
) -> tuple[int, bool]:
    """Charge up to ``budget`` due cycles; (items processed, whether the account is done)."""
    numbers = await due_numbers(conn, account.sid, now, limit=budget)
    balance, charged = int(account.balance_minor), 0
    for billing_date, number in due_cycles(numbers, now):
        if charged == budget:
            return charged, False
        if balance < number.monthly_fee_minor:
            suspended = await suspend_for_nonpayment(conn, account.sid, number, balance, now)
            return charged + int(suspended), True
        if await charge_cycle(conn, account.sid, number, billing_date, now) is not None:
            balance -= number.monthly_fee_minor
            charged += 1
    return charged, len(numbers) < budget


async def _settle_arrears(conn: AsyncConnection, account: Row[Any], now: datetime) -> int:
    """Charge all the arrears of an account suspended for nonpayment and reactivate it, if
    its balance covers them; 0 (nothing done) otherwise."""
    numbers = await due_numbers(conn, account.sid, now)
    arrears = arrears_minor(numbers, now)
    if int(account.balance_minor) < arrears:
        return 0
    charged, paid = 0, 0
    for billing_date, number in due_cycles(numbers, now):
        if await charge_cycle(conn, account.sid, number, billing_date, now) is not None:
            charged += 1
            paid += number.monthly_fee_minor
    reactivated = await reactivate_after_payment(conn, account.sid, paid, now)
    return charged + int(reactivated)
