"""Migration 0011 both ways, on a database of its own per backend: the global
``verified_caller_id`` flag becomes the ``verified_caller_ids`` table and back."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.settings import Settings
from resolvers.core.tables import number_lookups, verified_caller_ids
from tests.support.factories import T0, add_account
from tests.support.migrations import downgrade, revision_before

VERIFIED, OTHER = "+14155550105", "+14155550106"


async def _lookups(engine: AsyncEngine, columns: str) -> list[tuple[object, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(f"SELECT {columns} FROM number_lookups ORDER BY 1"))
        return [tuple(row) for row in rows]


async def test_the_flag_comes_back_on_downgrade_and_goes_on_upgrade(own_database: str) -> None:
    engine = create_engine(Settings(database_url=own_database))
    try:
        owner = await add_account(engine)
        async with engine.begin() as conn:
            await conn.execute(
                number_lookups.insert(),
                [
                    {"phone_number": n, "number_type": "LANDLINE", "messaging_enabled": False}
                    for n in (VERIFIED, OTHER)
                ],
            )
            await conn.execute(
                verified_caller_ids.insert().values(
                    phone_number=VERIFIED, account_sid=owner.sid, created_at=T0
                )
            )
        await downgrade(engine, revision_before("0011"))
        flags = await _lookups(engine, "phone_number, verified_caller_id")
        assert [(number, bool(flag)) for number, flag in flags] == [
            (VERIFIED, True),
            (OTHER, False),
        ]
        await migrate(engine)
        assert await _lookups(engine, "phone_number, number_type") == [
            (VERIFIED, "LANDLINE"),
            (OTHER, "LANDLINE"),
        ]
        async with engine.connect() as conn:  # a flag names no account: nothing to carry over
            assert (await conn.execute(verified_caller_ids.select())).all() == []
    finally:
        await engine.dispose()
