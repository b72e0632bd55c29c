"""Writing catalog and lookup rows: the one place imports (and anything else that upserts
catalog facts) go through, so whatever must stay in step with ``catalog_numbers`` (a spatial
index, say) is kept in step here.

An upsert is by phone number and compares before it writes: a new number is inserted for sale
(``available``), a number for sale whose facts differ is updated, an identical one is left
alone. A number that is not for sale (owned, reserved for a hosted order, aging after a
release, departed) keeps its catalog row as it is: an import never changes who has a number,
its state, or what its owner was sold. A number held by a live reservation is kept as it is
too (its hold and the facts its holder saw stay until the hold ends; the import counts it
``kept``). An aged number (its quarantine over) is for sale. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalog.availability import AGING, AVAILABLE, available_for_sale
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import number_lookups as nl

Row = dict[str, Any]
KEY = "key_phone_number"


@dataclass
class WriteCounts:
    """What an upsert did, row by row."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # not for sale: left as it is

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.kept += other.kept

    @property
    def changed(self) -> int:
        return self.inserted + self.updated


async def write_catalog_rows(
    conn: AsyncConnection, rows: Sequence[Row], now: datetime
) -> WriteCounts:
    """Upsert ``rows`` (catalog columns without ``state``) into ``catalog_numbers``; only
    numbers for sale at ``now`` are updated."""
    return await _upsert(
        conn,
        c,
        rows,
        new_values={"state": AVAILABLE, "aging_until": None},
        may_change=lambda current: _for_sale(current, now),
        guard=available_for_sale(now),
    )


async def write_lookup_rows(
    conn: AsyncConnection, rows: Sequence[Row], now: datetime
) -> WriteCounts:
    """Upsert carrier data into ``number_lookups`` (``now`` is unused: lookups have no sale
    state). Verified caller IDs are kept apart (``verified_caller_ids``) and stay as they are."""
    return await _upsert(conn, nl, rows)


async def _upsert(
    conn: AsyncConnection,
    table: Table,
    rows: Sequence[Row],
    new_values: Row | None = None,
    may_change: Callable[[Mapping[str, Any]], bool] = lambda current: True,
    guard: ColumnElement[bool] | None = None,
) -> WriteCounts:
    """Insert the new numbers of ``rows`` (with ``new_values``), update those that differ
    where ``may_change`` allows it (``guard`` repeats that in SQL, against races)."""
    rows = _last_of_each(rows)
    if not rows:
        return WriteCounts()
    columns = [name for name in rows[0] if name != "phone_number"]
    existing = await _existing(conn, table, columns, rows)
    counts, new, changed = WriteCounts(), [], []
    for row in rows:
        current = existing.get(row["phone_number"])
        if current is None:
            new.append({**row, **(new_values or {})})
        elif all(current[name] == row[name] for name in columns):
            counts.unchanged += 1
        elif not may_change(current):
            counts.kept += 1
        else:
            changed.append(row)
    if new:
        await conn.execute(table.insert(), new)
    if changed:
        update = table.update().where(table.c.phone_number == bindparam(KEY))
        if guard is not None:
            update = update.where(guard)
        await conn.execute(update.values({n: bindparam(n) for n in columns}), _keyed(changed))
    counts.inserted, counts.updated = len(new), len(changed)
    return counts


def _last_of_each(rows: Sequence[Row]) -> list[Row]:
    """One row per number: a later row for the same number replaces an earlier one."""
    return list({row["phone_number"]: row for row in rows}.values())


async def _existing(
    conn: AsyncConnection, table: Table, columns: list[str], rows: list[Row]
) -> dict[str, Any]:
    # for may_change
    sale = [name for name in ("state", "aging_until", "held_until") if name in table.c]
    wanted = [table.c.phone_number, *(table.c[name] for name in [*columns, *sale])]
    numbers = [row["phone_number"] for row in rows]
    result = await conn.execute(select(*wanted).where(table.c.phone_number.in_(numbers)))
    return {row.phone_number: row._mapping for row in result}


def _for_sale(current: Mapping[str, Any], now: datetime) -> bool:
    """The Python twin of ``available_for_sale`` (for no holder: a live hold keeps the row)."""
    held_until = current["held_until"]
    if held_until is not None and held_until > now:
        return False
    if current["state"] == AGING:
        return bool(current["aging_until"] is not None and current["aging_until"] <= now)
    return bool(current["state"] == AVAILABLE)


def _keyed(rows: list[Row]) -> list[Row]:
    """Update parameters: the number only as the key. A ``phone_number`` parameter would be
    SET too, firing the search index's update trigger for a number that did not change."""
    return [
        {KEY: row["phone_number"], **{k: v for k, v in row.items() if k != "phone_number"}}
        for row in rows
    ]
