"""createHostedNumberOrder: eligibility (REFERENCE.md "Hosted numbers") and the intake steps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from resolvers.core.tables import number_events, webhook_deliveries
from tests.hosted.support import (
    LANDLINE,
    TOLLFREE,
    add_address,
    add_lookup,
    call,
    iso,
    new_order,
    ok,
    refused,
    status_events,
)
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, add_owned, catalog_row
from tests.support.numbers import new_caller

CREATE = "createHostedNumberOrder"
PHONE = ["input", "phoneNumber"]


async def test_a_new_order_waits_for_verification(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(
        gateway,
        caller,
        address,
        ccEmails=["ops@example.com"],
        contactPhoneNumber="+14155550999",
        contactTitle="CTO",
        friendlyName="Front desk",
        sms={"url": "https://example.com/sms", "method": "GET"},
        statusCallbackUrl="https://example.com/status",
    )
    assert order["sid"].startswith("HR")
    assert order["id"] == order["sid"]
    assert (order["phoneNumber"], order["isoCountry"], order["lineType"]) == (
        LANDLINE,
        "US",
        "LANDLINE",
    )
    assert (order["status"], order["failureReason"]) == ("PENDING_VERIFICATION", None)
    assert order["friendlyName"] == "Front desk"
    assert order["ccEmails"] == ["ops@example.com"]
    assert (order["contactPhoneNumber"], order["contactTitle"]) == ("+14155550999", "CTO")
    assert order["smsConfiguration"]["url"] == "https://example.com/sms"
    assert order["smsConfiguration"]["method"] == "GET"
    assert order["statusCallbackUrl"] == "https://example.com/status"
    assert order["verificationCall"] is None
    assert order["deadlineAt"] == iso(T0 + timedelta(days=7))
    assert await status_events(gateway, order["sid"]) == [
        ("", "TWILIO_PROCESSING"),
        ("TWILIO_PROCESSING", "RECEIVED"),
        ("RECEIVED", "PENDING_VERIFICATION"),
    ]
    async with gateway.engine.connect() as conn:  # each change is queued for the callback
        urls = (
            await conn.scalars(
                select(webhook_deliveries.c.url)
                .join(number_events, number_events.c.id == webhook_deliveries.c.event_id)
                .where(number_events.c.node_sid == order["sid"])
            )
        ).all()
    assert urls == ["https://example.com/status"] * 3
    node = await gateway.gql(
        "query($id: ID!) { node(id: $id) { ... on HostedNumberOrder { status } } }",
        {"id": order["sid"]},
        auth=caller.auth,
    )
    assert node["node"] == {"status": "PENDING_VERIFICATION"}


async def test_a_verified_caller_id_skips_verification(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, TOLLFREE, "TOLLFREE", verified_for=caller.sid)
    order = await new_order(gateway, caller, address, TOLLFREE)
    assert (order["status"], order["lineType"]) == ("PENDING_LOA", "TOLLFREE")
    assert order["friendlyName"] == "(800) 555-0100"
    events = await status_events(gateway, order["sid"])
    assert events[-2:] == [("RECEIVED", "VERIFIED"), ("VERIFIED", "PENDING_LOA")]


async def test_another_accounts_verified_caller_id_does_not_skip_the_call(
    gateway: Gateway,
) -> None:
    owner = await new_caller(gateway.engine)
    stranger = await new_caller(gateway.engine)
    await add_lookup(gateway, TOLLFREE, "TOLLFREE", verified_for=owner.sid)
    address = await add_address(gateway, stranger.sid)
    order = await new_order(gateway, stranger, address, TOLLFREE)
    assert order["status"] == "PENDING_VERIFICATION"  # the stranger proves it by call
    events = await status_events(gateway, order["sid"])
    assert ("VERIFIED", "PENDING_LOA") not in events


async def test_only_us_and_canadian_numbers(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    payload = await call(
        gateway, caller, CREATE, phoneNumber="+442079460000", addressSid=address, email="a@b.co"
    )
    refused(payload, "HOSTED_UNSUPPORTED_COUNTRY", 22103, PHONE)
    await add_lookup(gateway, "+16135550123")
    canadian = await new_order(gateway, caller, address, "+16135550123")
    assert canadian["isoCountry"] == "CA"


async def test_only_landlines_and_toll_free(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    for number, kind in (("+14155550101", "MOBILE"), ("+14155550102", "VOIP")):
        await add_lookup(gateway, number, kind)
        payload = await call(
            gateway, caller, CREATE, phoneNumber=number, addressSid=address, email="a@b.co"
        )
        error = refused(payload, "HOSTED_NUMBER_NOT_HOSTABLE", 22110, PHONE)
        assert kind in error["message"]


async def test_not_messaging_enabled_elsewhere(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE, messaging_enabled=True, carrier="Other Telco")
    payload = await call(
        gateway, caller, CREATE, phoneNumber=LANDLINE, addressSid=address, email="a@b.co"
    )
    error = refused(payload, "HOSTED_NUMBER_MESSAGING_ENABLED", 22110, PHONE)
    assert "Other Telco" in error["message"]


async def test_not_owned_or_hosted_already(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    owned = "+14155550103"
    await add_catalog(gateway.engine, [catalog_row(owned, sms_capable=False)])
    await add_owned(gateway.engine, caller.sid, owned)
    payload = await call(
        gateway, caller, CREATE, phoneNumber=owned, addressSid=address, email="a@b.co"
    )
    refused(payload, "HOSTED_NUMBER_ALREADY_HOSTED", 22110, PHONE)
    for_sale = "+14155550104"  # in the catalog, voice only, owned by no one
    await add_catalog(gateway.engine, [catalog_row(for_sale, sms_capable=False)])
    payload = await call(
        gateway, caller, CREATE, phoneNumber=for_sale, addressSid=address, email="a@b.co"
    )
    refused(payload, "HOSTED_NUMBER_ALREADY_HOSTED", 22110, PHONE)
    await add_lookup(gateway, LANDLINE)
    await new_order(gateway, caller, address)
    other = await new_caller(gateway.engine)
    other_address = await add_address(gateway, other.sid)
    payload = await call(
        gateway, other, CREATE, phoneNumber=LANDLINE, addressSid=other_address, email="a@b.co"
    )
    refused(payload, "HOSTED_NUMBER_ALREADY_HOSTED", 22110, PHONE)


async def test_a_canceled_order_frees_the_number(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    first = await new_order(gateway, caller, address)
    canceled = ok(await call(gateway, caller, "cancelHostedNumberOrder", sid=first["sid"]))
    assert canceled["hostedNumberOrder"]["status"] == "CANCELED"
    again = await call(gateway, caller, "cancelHostedNumberOrder", sid=first["sid"])
    refused(again, "HOSTED_ORDER_FINAL", 22112, ["input", "sid"])
    second = await new_order(gateway, caller, address)
    assert second["status"] == "PENDING_VERIFICATION"


async def test_the_input_is_checked(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    base = {"phoneNumber": LANDLINE, "addressSid": address, "email": "a@b.co"}
    cases: list[tuple[dict[str, Any], str, int | None, list[str]]] = [
        ({"phoneNumber": "12"}, "INVALID_INPUT", None, PHONE),
        ({"email": "not-an-email"}, "INVALID_INPUT", None, ["input", "email"]),
        ({"ccEmails": ["x@y.co", "bad"]}, "INVALID_INPUT", None, ["input", "ccEmails", "1"]),
        ({"contactPhoneNumber": "555"}, "INVALID_INPUT", None, ["input", "contactPhoneNumber"]),
        ({"friendlyName": "x" * 65}, "FRIENDLY_NAME_TOO_LONG", None, ["input", "friendlyName"]),
        ({"sms": {"url": "ftp://x"}}, "INVALID_URL", 21402, ["input", "sms", "url"]),
        (
            {"sms": {"fallbackUrl": "https://example.com/f"}},
            "SMS_FALLBACK_WITHOUT_URL",
            21406,
            ["input", "sms", "fallbackUrl"],
        ),
        ({"statusCallbackUrl": "nope"}, "INVALID_URL", 21402, ["input", "statusCallbackUrl"]),
    ]
    for change, code, twilio_code, field in cases:
        payload = await call(gateway, caller, CREATE, **{**base, **change})
        refused(payload, code, twilio_code, field)
    stranger = await new_caller(gateway.engine)
    foreign_address = await add_address(gateway, stranger.sid)
    payload = await call(gateway, caller, CREATE, **{**base, "addressSid": foreign_address})
    refused(payload, "NOT_FOUND", 20404, ["input", "addressSid"])
    payload = await call(gateway, caller, CREATE, **{**base, "accountSid": stranger.sid})
    refused(payload, "NOT_FOUND", 20404, ["input", "accountSid"])


async def test_a_parent_orders_for_its_subaccount(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    address = await add_address(gateway, child.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(gateway, parent, address, accountSid=child.sid)
    assert order["accountSid"] == child.sid
    query = "{ hostedNumberOrders { totalCount nodes { sid } } }"
    assert (await gateway.gql(query, auth=child.auth))["hostedNumberOrders"]["totalCount"] == 1
    assert (await gateway.gql(query, auth=parent.auth))["hostedNumberOrders"]["totalCount"] == 0
    sub = await gateway.gql(
        "query($a: String) { hostedNumberOrders(accountSid: $a) { nodes { sid } } }",
        {"a": child.sid},
        auth=parent.auth,
    )
    assert sub["hostedNumberOrders"]["nodes"] == [{"sid": order["sid"]}]


async def test_the_address_defaults_to_the_oldest(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await add_lookup(gateway, LANDLINE)
    payload = await call(gateway, caller, CREATE, phoneNumber=LANDLINE, email="a@b.co")
    refused(payload, "ADDRESS_REQUIRED", 21631, ["input", "addressSid"])
    oldest = await add_address(gateway, caller.sid)
    gateway.clock.advance(timedelta(minutes=1))
    newer = await add_address(gateway, caller.sid)
    payload = ok(await call(gateway, caller, CREATE, phoneNumber=LANDLINE, email="a@b.co"))
    assert payload["hostedNumberOrder"]["addressSid"] == oldest != newer


async def test_the_orders_status_callback_method_goes_with_its_deliveries(
    gateway: Gateway,
) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(
        gateway,
        caller,
        address,
        statusCallbackUrl="https://example.com/status",
        statusCallbackMethod="GET",
    )
    async with gateway.engine.connect() as conn:
        queued = (
            await conn.execute(
                select(webhook_deliveries.c.url, webhook_deliveries.c.method)
                .join(number_events, number_events.c.id == webhook_deliveries.c.event_id)
                .where(number_events.c.node_sid == order["sid"])
            )
        ).all()
    assert [tuple(row) for row in queued] == [("https://example.com/status", "GET")] * 3
