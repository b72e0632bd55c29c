"""The money invariant, checked for every account at once straight from the tables.

REFERENCE.md: the balance always equals the sum of the ledger. One statement compares every
account's ``balance_minor`` with the sum of its entries (zero when it has none), so a test can
assert it after each money-moving mutation without knowing which accounts were touched.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import accounts, ledger_entries


async def mismatched_balances(engine: AsyncEngine) -> dict[str, tuple[int, int]]:
    """Accounts whose balance differs from their ledger sum: sid -> (balance, ledger sum)."""
    sums = (
        select(
            ledger_entries.c.account_sid,
            func.sum(ledger_entries.c.amount_minor).label("total"),
        )
        .group_by(ledger_entries.c.account_sid)
        .subquery()
    )
    total = func.coalesce(sums.c.total, 0)
    statement = select(accounts.c.sid, accounts.c.balance_minor, total).select_from(
        accounts.outerjoin(sums, sums.c.account_sid == accounts.c.sid)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(statement)).all()
    return {sid: (int(balance), int(summed)) for sid, balance, summed in rows if balance != summed}


async def assert_balances_match_ledger(engine: AsyncEngine) -> None:
    mismatched = await mismatched_balances(engine)
    assert not mismatched, f"balance != sum of ledger for {mismatched}"
