"""Migration 0016 both ways, on a database of its own per backend: hosted orders' line type
widens to hold FIXED_LINE_OR_MOBILE, and narrows back with such orders marked UNKNOWN."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.settings import Settings
from resolvers.core.sids import new_sid
from resolvers.core.tables import hosted_number_orders as h
from tests.support.factories import T0, add_account, add_address
from tests.support.migrations import downgrade, revision_before


async def _add_order(engine: AsyncEngine, account: str, address: str, line_type: str) -> None:
    row = {
        "sid": new_sid("HR"),
        "account_sid": account,
        "phone_number": "+12125550100" if line_type == "LANDLINE" else "+12125550101",
        "iso_country": "US",
        "line_type": line_type,
        "friendly_name": "order",
        "status": "FAILED",
        "address_sid": address,
        "email": "a@b.co",
        "cc_emails": "[]",
        "created_at": T0,
        "updated_at": T0,
    }
    async with engine.begin() as conn:
        await conn.execute(h.insert().values(row))


async def _line_types(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return list((await conn.scalars(select(h.c.line_type).order_by(h.c.phone_number))).all())


async def test_the_line_type_narrows_on_downgrade_and_widens_on_upgrade(own_database: str) -> None:
    engine = create_engine(Settings(database_url=own_database))
    try:
        account = await add_account(engine)
        address = await add_address(engine, account.sid)
        await _add_order(engine, account.sid, address, "LANDLINE")
        await _add_order(engine, account.sid, address, "FIXED_LINE_OR_MOBILE")
        await downgrade(engine, revision_before("0016"))
        assert await _line_types(engine) == ["LANDLINE", "UNKNOWN"]
        await migrate(engine)
        async with engine.begin() as conn:
            await conn.execute(h.update().values(line_type="FIXED_LINE_OR_MOBILE"))
        assert await _line_types(engine) == ["FIXED_LINE_OR_MOBILE"] * 2
    finally:
        await engine.dispose()
