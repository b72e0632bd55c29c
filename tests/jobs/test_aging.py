"""Restore windows close, then quarantined numbers return to the catalog.

A number released at T0 is restorable by its last owner until T0 + 10 days (one
RESTORE_WINDOW_EXPIRED event when the pass closes the window), then ages until T0 + 70 days,
when the aging pass makes its catalog row ``available`` again: anyone can buy it.
"""

from __future__ import annotations

from datetime import timedelta

from tests.jobs.support import events_of, run_jobs
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.ledger_invariant import assert_balances_match_ledger
from tests.support.provisioning import (
    Buyer,
    catalog_state,
    new_buyer,
    ok,
    ownerships,
    purchase,
    refused,
    release,
    released_of,
    restore,
)

SF = "+14155550100"
SECOND = timedelta(seconds=1)
WINDOW_ENDS = T0 + timedelta(days=10)
QUARANTINE_ENDS = T0 + timedelta(days=70)


async def _released(gateway: Gateway) -> tuple[Buyer, str]:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    sid = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]["sid"]
    ok(await release(gateway, buyer, sid=sid))
    return buyer, sid


async def test_the_restore_window_stays_open_until_it_ends(gateway: Gateway) -> None:
    buyer, sid = await _released(gateway)
    gateway.clock.current = WINDOW_ENDS - SECOND
    assert await run_jobs(gateway) == {"renewals": 0, "restore_windows": 0, "aging": 0}
    assert [n["sid"] for n in await released_of(gateway, buyer)] == [sid]
    assert await events_of(gateway.engine, buyer.sid, "RESTORE_WINDOW_EXPIRED") == []
    ok(await restore(gateway, buyer, phoneNumber=SF))


async def test_an_ended_restore_window_is_closed_once_with_an_event(gateway: Gateway) -> None:
    buyer, sid = await _released(gateway)
    gateway.clock.current = WINDOW_ENDS
    assert (await run_jobs(gateway))["restore_windows"] == 1
    assert (await run_jobs(gateway))["restore_windows"] == 0
    [event] = await events_of(gateway.engine, buyer.sid, "RESTORE_WINDOW_EXPIRED")
    assert (event["node_type"], event["node_sid"], event["phoneNumber"]) == (
        "ActiveNumber",
        sid,
        SF,
    )
    assert await released_of(gateway, buyer) == []
    refused(await restore(gateway, buyer, phoneNumber=SF), "RESTORE_WINDOW_EXPIRED")
    # quarantined: nobody can buy it yet
    assert (await catalog_state(gateway.engine, SF))[0] == "aging"
    other = await new_buyer(gateway.engine)
    refused(await purchase(gateway, other, phoneNumber=SF), "NUMBER_NOT_AVAILABLE", 21422)


async def test_an_aged_number_returns_to_the_catalog_for_anyone(gateway: Gateway) -> None:
    buyer, _ = await _released(gateway)
    gateway.clock.current = QUARANTINE_ENDS - SECOND
    assert await run_jobs(gateway) == {"renewals": 0, "restore_windows": 1, "aging": 0}
    assert (await catalog_state(gateway.engine, SF))[0] == "aging"

    gateway.clock.current = QUARANTINE_ENDS
    assert (await run_jobs(gateway))["aging"] == 1
    assert await run_jobs(gateway) == {"renewals": 0, "restore_windows": 0, "aging": 0}
    assert await catalog_state(gateway.engine, SF) == ("available", None)

    other = await new_buyer(gateway.engine)
    search = await gateway.gql(
        '{ availableNumbers(search: { isoCountry: "US", contains: "+1415555" }) '
        "{ nodes { phoneNumber } } }",
        auth=other.auth,
    )
    assert search["availableNumbers"]["nodes"] == [{"phoneNumber": SF}]
    ok(await purchase(gateway, other, phoneNumber=SF))
    assert await ownerships(gateway.engine, SF) == [(buyer.sid, "RELEASED"), (other.sid, "IN_USE")]
    assert await catalog_state(gateway.engine, SF) == ("assigned", None)
    await assert_balances_match_ledger(gateway.engine)


async def test_one_late_run_closes_the_window_and_returns_the_number(gateway: Gateway) -> None:
    buyer, _ = await _released(gateway)
    gateway.clock.current = QUARANTINE_ENDS + timedelta(days=30)
    assert await run_jobs(gateway) == {"renewals": 0, "restore_windows": 1, "aging": 1}
    assert len(await events_of(gateway.engine, buyer.sid, "RESTORE_WINDOW_EXPIRED")) == 1
    assert await catalog_state(gateway.engine, SF) == ("available", None)
