"""Migration 0018 goes down and up again on both databases: the order tables go and come back."""

from __future__ import annotations

from sqlalchemy import inspect

from gateway.database import create_engine
from gateway.migrate import current_revision
from gateway.settings import Settings
from tests.support.migrations import downgrade, revision_before, upgrade

TABLES = {"number_orders", "number_order_lines"}


async def test_0018_goes_down_and_up(own_database: str) -> None:
    engine = create_engine(Settings(database_url=own_database))
    try:

        async def order_tables() -> set[str]:
            async with engine.connect() as conn:
                names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            return TABLES & set(names)

        assert await order_tables() == TABLES
        await downgrade(engine, revision_before("0018"))
        assert await current_revision(engine) == revision_before("0018")
        assert await order_tables() == set()
        await upgrade(engine, "0018")
        assert await order_tables() == TABLES
    finally:
        await engine.dispose()
