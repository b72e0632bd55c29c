"""What a hold means for its holder and for imports: the holder finds its held numbers in
``availableNumbers`` (marked ``reservedByYou``), buys them by area code too, and an import
leaves a held number as its holder saw it until the hold ends."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import select

from resolvers.catalog.writes import write_catalog_rows
from resolvers.core.tables import catalog_numbers as c
from tests.orders.support import ORDER
from tests.reservations.support import reserve
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.provisioning import Buyer, mutate, new_buyer, ok, purchase, refused

SF, SF_2, OAK = "+14155550100", "+14155550101", "+15105550100"
SEARCH = """
query($search: AvailableNumberSearch!) {
  availableNumbers(search: $search) {
    totalCount
    nodes { phoneNumber reservedByYou heldUntil }
  }
}
"""


async def _seen_by(gateway: Gateway, buyer: Buyer, area_code: str = "415") -> dict[str, Any]:
    variables = {"search": {"isoCountry": "US", "areaCode": area_code}}
    data = await gateway.gql(SEARCH, variables, auth=buyer.auth)
    found: dict[str, Any] = data["availableNumbers"]
    return found


async def _two_buyers(gateway: Gateway) -> tuple[Buyer, Buyer]:
    await add_catalog(gateway.engine, [catalog_row(n) for n in (SF, SF_2, OAK)])
    return await new_buyer(gateway.engine), await new_buyer(gateway.engine)


async def test_the_holder_finds_its_held_numbers_marked_and_others_do_not(
    gateway: Gateway,
) -> None:
    holder, other = await _two_buyers(gateway)
    ok(await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=5))
    until = (gateway.clock.now() + timedelta(minutes=5)).replace(tzinfo=UTC).isoformat()
    mine = await _seen_by(gateway, holder)
    assert mine["nodes"] == [
        {"phoneNumber": SF, "reservedByYou": True, "heldUntil": until},
        {"phoneNumber": SF_2, "reservedByYou": False, "heldUntil": None},
    ]
    assert mine["totalCount"] == 2
    theirs = await _seen_by(gateway, other)
    assert theirs["nodes"] == [{"phoneNumber": SF_2, "reservedByYou": False, "heldUntil": None}]
    assert theirs["totalCount"] == 1
    gateway.clock.advance(timedelta(minutes=5))  # the hold ends: the number is anyone's again
    for buyer in (holder, other):
        assert [n["reservedByYou"] for n in (await _seen_by(gateway, buyer))["nodes"]] == [
            False,
            False,
        ]


async def test_the_holder_buys_its_held_numbers_by_area_code(gateway: Gateway) -> None:
    holder, other = await _two_buyers(gateway)
    ok(await reserve(gateway, holder, phoneNumbers=[SF, SF_2]))
    refused(await purchase(gateway, other, areaCode="415"), "NO_NUMBERS_IN_AREA_CODE", 21452)
    bought = ok(await purchase(gateway, holder, areaCode="415"))
    assert bought["activeNumber"]["phoneNumber"] == SF
    input_ = {"areaCode": "415", "quantity": 1, "idempotencyKey": uuid.uuid4().hex}
    ordered = ok(await mutate(gateway, ORDER, "createNumberOrder", input_, holder))
    assert [line["phoneNumber"] for line in ordered["numbers"]] == [SF_2]


async def _catalog_fees(gateway: Gateway, number: str) -> tuple[int, str | None]:
    async with gateway.engine.connect() as conn:
        row = (
            await conn.execute(
                select(c.c.monthly_fee_minor, c.c.held_by).where(c.c.phone_number == number)
            )
        ).one()
    return int(row[0]), row[1]


async def test_an_import_keeps_a_held_number_as_its_holder_saw_it(gateway: Gateway) -> None:
    holder, _ = await _two_buyers(gateway)
    ok(await reserve(gateway, holder, phoneNumbers=[SF], ttlMinutes=5))
    repriced = [
        {k: v for k, v in catalog_row(n, monthly_fee_minor=999).items() if k != "state"}
        for n in (SF, SF_2)
    ]
    async with gateway.engine.begin() as conn:
        counts = await write_catalog_rows(conn, repriced, gateway.clock.now())
    assert (counts.updated, counts.kept) == (1, 1)
    assert await _catalog_fees(gateway, SF) == (115, holder.sid)  # price and hold kept
    assert await _catalog_fees(gateway, SF_2) == (999, None)
    gateway.clock.advance(timedelta(minutes=5))
    async with gateway.engine.begin() as conn:
        counts = await write_catalog_rows(conn, repriced, gateway.clock.now())
    assert (counts.updated, counts.kept, counts.unchanged) == (1, 0, 1)
    assert (await _catalog_fees(gateway, SF))[0] == 999
