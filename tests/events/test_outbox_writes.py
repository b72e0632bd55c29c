"""Every state change writes exactly one event in its own transaction; a refused one none.

(Issue #4 item 5; DESIGN.md "Writes": the event row is part of the change.)
"""

from __future__ import annotations

from datetime import timedelta

from tests.events.support import SF, bought, deliveries_in, events_in
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.mutations import call
from tests.support.numbers import Caller
from tests.support.provisioning import (
    new_buyer,
    ok,
    purchase,
    refused,
    release,
    restore,
    transfer,
)


async def test_a_purchase_writes_one_purchased_event(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    sid = await bought(gateway, buyer)
    [event] = await events_in(gateway.engine)
    assert (event["kind"], event["node_type"], event["node_sid"]) == (
        "PURCHASED",
        "ActiveNumber",
        sid,
    )
    assert event["account_sid"] == buyer.sid
    assert event["occurred_at"] == T0
    assert event["sid"].startswith("EV")
    assert event["data"]["phoneNumber"] == SF
    assert event["data"]["transactionSid"].startswith("TX")
    assert await deliveries_in(gateway.engine) == []  # no status callback, no webhook


async def test_a_refused_purchase_writes_nothing(gateway: Gateway) -> None:
    poor = await new_buyer(gateway.engine, balance_minor=0)
    await add_catalog(gateway.engine, [catalog_row(SF, monthly_fee_minor=100)])
    refused(await purchase(gateway, poor, phoneNumber=SF), "INSUFFICIENT_BALANCE")
    taken = await new_buyer(gateway.engine)
    await bought(gateway, taken, "+14155550111")
    refused(
        await purchase(gateway, poor, phoneNumber="+14155550111"), "NUMBER_NOT_AVAILABLE", 21422
    )
    assert [e["kind"] for e in await events_in(gateway.engine)] == ["PURCHASED"]


async def test_configure_writes_one_event_and_a_refusal_none(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    sid = await bought(gateway, buyer)
    caller = Caller(buyer.sid, buyer.token)
    payload = await call(gateway, caller, "configurePhoneNumber", sid=sid, friendlyName="Desk")
    assert payload["userErrors"] == []
    bad = await call(gateway, caller, "configurePhoneNumber", sid=sid, statusCallback="ftp://x")
    assert bad["userErrors"][0]["code"] == "INVALID_URL"
    kinds = [(e["kind"], e["node_sid"]) for e in await events_in(gateway.engine)]
    assert kinds == [("PURCHASED", sid), ("CONFIGURED", sid)]
    configured = (await events_in(gateway.engine))[1]
    assert configured["data"]["changed"] == ["friendly_name"]


async def test_a_purchase_with_a_status_callback_queues_its_webhook(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    callback = "https://hooks.example.com/numbers"
    await bought(gateway, buyer, configuration={"statusCallback": callback})
    [event] = await events_in(gateway.engine)
    [delivery] = await deliveries_in(gateway.engine)
    assert (delivery["event_id"], delivery["url"]) == (event["id"], callback)
    assert (delivery["status"], delivery["attempts"], delivery["next_attempt_at"]) == (
        "PENDING",
        0,
        T0,
    )


async def test_release_restore_and_transfer_each_write_one_event(gateway: Gateway) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid)
    sid = await bought(gateway, parent)
    gateway.clock.advance(timedelta(days=1))
    ok(await release(gateway, parent, sid=sid))
    refused(await release(gateway, parent, sid=sid), "NOT_FOUND", 20404)
    ok(await restore(gateway, parent, phoneNumber=SF))
    refused(
        await transfer(gateway, parent, sid=sid, accountSid="ACnot"),
        "TRANSFER_TARGET_INVALID",
        21471,
    )
    ok(await transfer(gateway, parent, sid=sid, accountSid=child.sid))
    events = await events_in(gateway.engine)
    assert [(e["kind"], e["node_sid"]) for e in events] == [
        ("PURCHASED", sid),
        ("RELEASED", sid),
        ("RESTORED", sid),
        ("TRANSFERRED", sid),
        ("TRANSFERRED_AWAY", sid),
    ]
    moved, away = events[-2:]
    assert moved["account_sid"] == child.sid  # the new owner's event
    assert away["account_sid"] == parent.sid  # and the old owner's (issue 13, item 4)
    assert (
        moved["data"]
        == away["data"]
        == {
            "phoneNumber": SF,
            "fromAccountSid": parent.sid,
            "toAccountSid": child.sid,
        }
    )
    assert events[1]["data"]["transactionSid"].startswith("TX")  # the refund


async def test_a_subaccount_status_change_writes_an_account_event(gateway: Gateway) -> None:
    parent = await new_buyer(gateway.engine)
    child = await new_buyer(gateway.engine, parent_sid=parent.sid)
    caller = Caller(parent.sid, parent.token)
    for status in ("SUSPENDED", "SUSPENDED", "ACTIVE"):
        payload = await call(gateway, caller, "updateSubaccount", sid=child.sid, status=status)
        assert payload["userErrors"] == []
    events = await events_in(gateway.engine)
    assert [(e["kind"], e["node_type"], e["node_sid"]) for e in events] == [
        ("ACCOUNT_SUSPENDED", "Account", child.sid),
        ("ACCOUNT_REACTIVATED", "Account", child.sid),
    ]
    assert events[0]["data"] == {"from": "ACTIVE", "to": "SUSPENDED"}


async def test_an_idempotent_replay_writes_no_second_event(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF, monthly_fee_minor=100)])
    first = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey="once"))
    again = ok(await purchase(gateway, buyer, phoneNumber=SF, idempotencyKey="once"))
    assert again["activeNumber"]["sid"] == first["activeNumber"]["sid"]
    assert [e["kind"] for e in await events_in(gateway.engine)] == ["PURCHASED"]


async def test_add_funds_subaccounts_and_pool_membership_write_events(gateway: Gateway) -> None:
    """Issue 13, item 9: each of these changes writes its one event; a no-op writes none."""
    from tests.messaging.pools import call as pool_call
    from tests.messaging.pools import new_service

    parent = await new_buyer(gateway.engine)
    caller = Caller(parent.sid, parent.token)
    payload = await call(gateway, caller, "addFunds", amount="12.50")
    assert payload["userErrors"] == []
    created = await call(gateway, caller, "createSubaccount", friendlyName="Shop")
    child_sid = created["account"]["sid"]
    service = await new_service(gateway, caller)
    sid = await bought(gateway, parent)
    pool = {"messagingServiceSid": service["sid"], "numberSid": sid}
    for name in ("addNumberToMessagingService",) * 2 + ("removeNumberFromMessagingService",):
        assert (await pool_call(gateway, caller, name, **pool))["userErrors"] == []
    events = [e for e in await events_in(gateway.engine) if e["kind"] != "PURCHASED"]
    assert [(e["kind"], e["node_type"], e["node_sid"], e["account_sid"]) for e in events] == [
        ("FUNDS_ADDED", "Account", parent.sid, parent.sid),
        ("SUBACCOUNT_CREATED", "Account", child_sid, parent.sid),
        ("MESSAGING_SERVICE_NUMBER_ADDED", "ActiveNumber", sid, parent.sid),
        ("MESSAGING_SERVICE_NUMBER_REMOVED", "ActiveNumber", sid, parent.sid),
    ]
    assert events[0]["data"]["amount"] == "12.50"
    assert events[0]["data"]["transactionSid"].startswith("TX")
    assert events[1]["data"] == {"friendlyName": "Shop"}
    assert events[2]["data"] == {"phoneNumber": SF, "messagingServiceSid": service["sid"]}
