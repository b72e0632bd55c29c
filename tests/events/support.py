"""Helpers for the events tests: what the outbox and the delivery table hold."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import number_events, owned_numbers, webhook_deliveries
from resolvers.core.url_policy import UrlPolicy
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.provisioning import Buyer, ok, purchase

SF = "+14155550100"


async def events_in(engine: AsyncEngine) -> list[dict[str, Any]]:
    """Every event row, oldest first, with ``data`` parsed."""
    async with engine.connect() as conn:
        rows = (await conn.execute(select(number_events).order_by(number_events.c.id))).all()
    return [{**row._mapping, "data": orjson.loads(row.data)} for row in rows]


async def deliveries_in(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(select(webhook_deliveries).order_by(webhook_deliveries.c.id))
        ).all()
    return [dict(row._mapping) for row in rows]


async def bought(gateway: Gateway, buyer: Buyer, phone_number: str = SF, **input_: Any) -> str:
    """Buy ``phone_number`` (added to the catalog first); its PN sid."""
    await add_catalog(gateway.engine, [catalog_row(phone_number, monthly_fee_minor=100)])
    payload = ok(await purchase(gateway, buyer, phoneNumber=phone_number, **input_))
    sid: str = payload["activeNumber"]["sid"]
    return sid


async def set_status_callback(engine: AsyncEngine, number_sid: str, url: str) -> None:
    """Straight in the table: URL rules (and any private-address policy) are not under test."""
    async with engine.begin() as conn:
        await conn.execute(
            owned_numbers.update()
            .where(owned_numbers.c.sid == number_sid)
            .values(status_callback=url)
        )


# The URL policy of an operator who listed 127.0.0.1, where the test receivers live.
LOOPBACK_ALLOWED = UrlPolicy.from_settings(False, ["127.0.0.1"])
