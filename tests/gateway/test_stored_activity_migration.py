"""Migration 0015 backfills the stored activity from the raw records already there, on both
databases, and its downgrade removes what it added."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import inspect, select

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.activity.tallies import EPOCH_DAY, Tally
from resolvers.core.tables import number_activity, number_activity_days, owned_numbers
from tests.support.factories import add_account, add_catalog, add_owned, catalog_row
from tests.support.migrations import downgrade, revision_before, upgrade

REVISION = "0015"
DAY = datetime(2026, 3, 1, 23, 30)  # late in the day: the next hour is another bucket


def _raw(sid: str, kind: str, status: str, seconds: int, at: datetime) -> dict[str, Any]:
    direction = "INBOUND"
    return {
        "number_sid": sid,
        "kind": kind,
        "direction": direction,
        "status": status,
        "duration_seconds": seconds,
        "occurred_at": at,
    }


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def test_the_migration_backfills_buckets_last_activity_and_verdict(own_database: str) -> None:
    engine = create_engine(Settings(database_url=own_database))
    try:
        await downgrade(engine, revision_before(REVISION))
        account = await add_account(engine)
        phones = ["+14155550100", "+14155550101", "+14155550102"]
        await add_catalog(engine, [catalog_row(phone) for phone in phones])
        busy, quiet, silent = [await add_owned(engine, account.sid, phone) for phone in phones]
        hour = timedelta(hours=1)
        records = [
            _raw(busy, "CALL", "COMPLETED", 30, DAY - 2 * hour),
            _raw(busy, "CALL", "COMPLETED", 12, DAY),
            _raw(busy, "CALL", "BUSY", 0, DAY),
            _raw(busy, "CALL", "COMPLETED", 11, DAY + hour),  # too short to qualify
            _raw(busy, "CALL", "COMPLETED", 60, DAY + hour),  # the next day: the third
            _raw(quiet, "MESSAGE", "RECEIVED", 0, DAY),
            _raw(quiet, "MESSAGE", "FAILED", 0, DAY),  # does not count
            _raw(quiet, "MESSAGE", "RECEIVED", 0, DAY + 3 * hour),
        ]
        async with engine.begin() as conn:
            await conn.execute(number_activity.insert(), records)

        await upgrade(engine, REVISION)

        async with engine.connect() as conn:
            buckets = {
                (row.number_sid, _day(row.day)): Tally(
                    row.calls, row.qualifying_calls, row.messages
                )
                for row in await conn.execute(select(number_activity_days))
            }
            numbers = {
                row.sid: row
                for row in await conn.execute(
                    select(
                        owned_numbers.c.sid,
                        owned_numbers.c.last_activity_at,
                        owned_numbers.c.activity_anchor_day,
                    )
                )
            }
        first, second = DAY.date(), DAY.date() + timedelta(days=1)
        assert buckets == {
            (busy, first): Tally(calls=3, qualifying_calls=2, messages=0),
            (busy, second): Tally(calls=2, qualifying_calls=1, messages=0),
            (quiet, first): Tally(calls=0, qualifying_calls=0, messages=1),
            (quiet, second): Tally(calls=0, qualifying_calls=0, messages=1),
        }
        assert numbers[busy].last_activity_at == DAY + hour
        assert numbers[quiet].last_activity_at == DAY + 3 * hour
        assert numbers[silent].last_activity_at is None
        # busy's third qualifying call (newest first) falls on the first day: active from it
        assert _day(numbers[busy].activity_anchor_day) == first
        assert _day(numbers[quiet].activity_anchor_day) == EPOCH_DAY  # two messages only
        assert _day(numbers[silent].activity_anchor_day) == EPOCH_DAY

        await downgrade(engine, revision_before(REVISION))
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            columns = await conn.run_sync(
                lambda sync: {c["name"] for c in inspect(sync).get_columns("owned_numbers")}
            )
        assert "number_activity_days" not in tables
        assert {"last_activity_at", "activity_anchor_day"}.isdisjoint(columns)
    finally:
        await engine.dispose()
