"""The crash checks themselves: each kind of half-done write is reported (a check that cannot
fail would prove nothing about the crash test)."""

from __future__ import annotations

from sqlalchemy import update

from resolvers.core.sids import new_sid
from resolvers.core.tables import catalog_numbers, ledger_entries
from tests.crash.books import broken_invariants
from tests.support.client import Gateway
from tests.support.factories import T0, add_account, add_catalog, add_owned, catalog_row
from tests.support.provisioning import new_buyer, ok, purchase

NUMBER = "+14155550100"


async def test_a_clean_purchase_breaks_nothing(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(NUMBER)])
    ok(await purchase(gateway, await new_buyer(gateway.engine), phoneNumber=NUMBER))
    assert await broken_invariants(gateway.engine) == []


async def test_a_number_without_its_charge_is_reported(gateway: Gateway) -> None:
    account = await add_account(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(NUMBER)])
    sid = await add_owned(gateway.engine, account.sid, NUMBER)
    found = await broken_invariants(gateway.engine)
    assert f"{sid} (IN_USE) has no purchase charge" in found
    assert f"{sid} is IN_USE after 0 acquisitions and 0 releases" in found


async def test_a_charge_without_its_number_is_reported(gateway: Gateway) -> None:
    account = await add_account(gateway.engine, balance_minor=0)
    ghost = new_sid("PN")
    async with gateway.engine.begin() as conn:
        await conn.execute(
            ledger_entries.insert().values(
                sid=new_sid("TX"),
                account_sid=account.sid,
                kind="PURCHASE",
                amount_minor=0,
                description="a purchase that never happened",
                number_sid=ghost,
                created_at=T0,
            )
        )
    assert await broken_invariants(gateway.engine) == [
        f"PURCHASE x1 for a number that does not exist: {ghost}"
    ]


async def test_a_catalog_row_left_assigned_is_reported(gateway: Gateway) -> None:
    await add_catalog(gateway.engine, [catalog_row(NUMBER)])
    async with gateway.engine.begin() as conn:
        await conn.execute(update(catalog_numbers).values(state="assigned"))
    [problem] = await broken_invariants(gateway.engine)
    assert problem.startswith("catalog rows that disagree with ownership")
