"""What must hold in the database after any crash: every transaction happened whole or not at
all, so ownership, money and events agree row for row.

- no phone number has two IN_USE owners, and a catalog row is 'assigned' exactly when its
  number has an IN_USE owner (``tests.concurrency.harness``);
- every account's balance equals the sum of its ledger (``tests.support.ledger_invariant``);
- every PURCHASE / RENEWAL / REFUND entry names a number that exists, and every purchased
  number has at least one PURCHASE entry;
- per number, the charges agree with the events written in the same transactions: one
  PURCHASE entry per PURCHASED or RESTORED event, at most one REFUND per RELEASED event, and
  the status follows from the count (IN_USE: one more acquisition than releases).
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import ledger_entries, number_events, owned_numbers
from tests.concurrency.harness import catalog_disagreements, numbers_in_use_twice
from tests.support.ledger_invariant import mismatched_balances

NUMBER_CHARGES = ("PURCHASE", "RENEWAL", "REFUND")
ACQUIRED = ("PURCHASED", "RESTORED")


async def broken_invariants(engine: AsyncEngine) -> list[str]:
    """Every way the database disagrees with itself (empty when it is consistent)."""
    found: list[str] = []
    if twice := await numbers_in_use_twice(engine):
        found.append(f"numbers with two IN_USE owners: {twice}")
    if disagreeing := await catalog_disagreements(engine):
        found.append(f"catalog rows that disagree with ownership: {disagreeing[:10]}")
    if mismatched := await mismatched_balances(engine):
        found.append(f"balance != sum of ledger: {mismatched}")
    found.extend(await _charges_against_numbers(engine))
    return found


async def _charges_against_numbers(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        numbers = {
            sid: (status, origin)
            for sid, status, origin in await conn.execute(
                select(owned_numbers.c.sid, owned_numbers.c.status, owned_numbers.c.origin)
            )
        }
        charges = Counter(
            (kind, number_sid)
            for kind, number_sid in await conn.execute(
                select(ledger_entries.c.kind, ledger_entries.c.number_sid).where(
                    ledger_entries.c.kind.in_(NUMBER_CHARGES)
                )
            )
        )
        events = Counter(
            (kind, node_sid)
            for kind, node_sid in await conn.execute(
                select(number_events.c.kind, number_events.c.node_sid).where(
                    number_events.c.node_type == "ActiveNumber"
                )
            )
        )
    found = [
        f"{kind} x{count} for a number that does not exist: {number_sid}"
        for (kind, number_sid), count in charges.items()
        if number_sid not in numbers
    ]
    for sid, (status, origin) in numbers.items():
        found.extend(_number_problems(sid, status, origin, charges, events))
    return found


def _number_problems(
    sid: str,
    status: str,
    origin: str,
    charges: Counter[tuple[str, str]],
    events: Counter[tuple[str, str]],
) -> list[str]:
    purchases = charges["PURCHASE", sid]
    acquired = sum(events[kind, sid] for kind in ACQUIRED)
    released = events["RELEASED", sid]
    found = []
    if origin == "PURCHASED" and purchases == 0:
        found.append(f"{sid} ({status}) has no purchase charge")
    if origin == "PURCHASED" and purchases != acquired:
        found.append(f"{sid}: {purchases} PURCHASE entries but {acquired} acquisitions")
    if charges["REFUND", sid] > released:
        found.append(f"{sid}: {charges['REFUND', sid]} refunds but {released} releases")
    expected = {"IN_USE": released + 1, "RELEASED": released}.get(status)
    if expected is not None and acquired != expected:
        found.append(f"{sid} is {status} after {acquired} acquisitions and {released} releases")
    return found
