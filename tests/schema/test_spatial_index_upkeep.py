"""The spatial index stays in step with the catalog through every write.

Purchase, release, a moved location, a deleted row, a number imported without a location:
``near`` keeps answering from current data on both databases. On SQLite the R*Tree is kept
by triggers (PostgreSQL keeps its GiST index itself), so there it is also compared entry by
entry with the located catalog rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import catalog_numbers as c
from tests.support.catalog import add_numbers_for_sale, found, rtree_matches_catalog
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.numbers import sign_in
from tests.support.provisioning import Buyer, ok, purchase, release

US = {"isoCountry": "US"}
MIDTOWN = {"latitude": 40.7506, "longitude": -73.9873}
LOS_ANGELES = {"latitude": 34.05, "longitude": -118.24}
NEAR_MIDTOWN = {**US, "nearLatLong": MIDTOWN, "distanceMiles": 25}
NEAR_LA = {**US, "nearLatLong": LOS_ANGELES, "distanceMiles": 25}
OWNED_NEAR = """
query ($filter: ActiveNumberFilter) { activeNumbers(filter: $filter) { nodes { phoneNumber } } }
"""
A, B, C = "+12125550100", "+12125550101", "+12125550102"


async def _owned_near(gateway: Gateway, buyer: Buyer, near: dict[str, Any]) -> list[str]:
    flt = {"geography": {"near": near}}
    data = await gateway.gql(OWNED_NEAR, {"filter": flt}, auth=buyer.auth)
    return [node["phoneNumber"] for node in data["activeNumbers"]["nodes"]]


async def _update(engine: AsyncEngine, number: str, **values: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(c.update().where(c.c.phone_number == number).values(**values))


async def test_near_follows_purchase_and_release(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    buyer = Buyer(caller.sid, caller.token)
    await add_numbers_for_sale(gateway.engine, {A: MIDTOWN, B: MIDTOWN, C: LOS_ANGELES})
    assert await rtree_matches_catalog(gateway.engine) in (-1, 3)
    assert await found(gateway, NEAR_MIDTOWN) == [A, B]

    sid = ok(await purchase(gateway, buyer, phoneNumber=A))["activeNumber"]["sid"]
    assert await found(gateway, NEAR_MIDTOWN) == [B]
    assert await _owned_near(gateway, buyer, MIDTOWN) == [A]
    assert await rtree_matches_catalog(gateway.engine) in (-1, 3)

    ok(await release(gateway, buyer, sid=sid))
    assert await _owned_near(gateway, buyer, MIDTOWN) == []
    assert await found(gateway, NEAR_MIDTOWN) == [B]  # A ages before it is for sale again
    assert await rtree_matches_catalog(gateway.engine) in (-1, 3)


async def test_near_follows_moved_deleted_and_unlocated_numbers(gateway: Gateway) -> None:
    await sign_in(gateway)
    engine = gateway.engine
    await add_numbers_for_sale(engine, {A: MIDTOWN, B: MIDTOWN, C: LOS_ANGELES})

    await _update(engine, A, **LOS_ANGELES)
    assert await found(gateway, NEAR_MIDTOWN) == [B]
    assert await found(gateway, NEAR_LA) == [A, C]
    await _update(engine, B, latitude=None)  # a location half gone is no location
    assert await found(gateway, NEAR_MIDTOWN) == []
    assert await rtree_matches_catalog(engine) in (-1, 2)
    await _update(engine, B, latitude=MIDTOWN["latitude"])
    assert await found(gateway, NEAR_MIDTOWN) == [B]
    await _update(engine, B, state="assigned", locality="Manhattan")  # no location change
    await _update(engine, B, state="available")
    assert await found(gateway, NEAR_MIDTOWN) == [B]

    async with engine.begin() as conn:
        await conn.execute(c.delete().where(c.c.phone_number == C))
    assert await found(gateway, NEAR_LA) == [A]
    # a number imported without a location (a hosted number's row) is in no circle
    await add_catalog(engine, [catalog_row("+12125550103", latitude=None, longitude=None)])
    assert await found(gateway, {**US, "contains": "0103"}) == ["+12125550103"]
    assert await found(gateway, {**NEAR_MIDTOWN, "distanceMiles": 500}) == [B]
    assert await rtree_matches_catalog(engine) in (-1, 2)
