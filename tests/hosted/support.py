"""Hosted orders from tests: lookup rows, addresses, the mutations and the timers pass."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select

from resolvers.core.sids import new_sid
from resolvers.core.tables import (
    addresses,
    catalog_numbers,
    hosted_number_orders,
    number_events,
    number_lookups,
    verified_caller_ids,
)
from resolvers.hosted.timers import hosted_order_timers_pass
from resolvers.jobs.environment import JobEnvironment
from tests.support.client import Gateway
from tests.support.factories import catalog_row
from tests.support.numbers import Caller

USER_ERRORS = "userErrors { field message code twilioCode }"
ORDER = (
    "id sid accountSid phoneNumber friendlyName isoCountry lineType status failureReason "
    "addressSid email ccEmails contactPhoneNumber contactTitle statusCallbackUrl "
    "statusCallbackMethod smsConfiguration { url method fallbackUrl fallbackMethod } "
    "verificationCall { calledAt callDelay extension code callCount } verificationAttempts "
    "authorizationDocumentSid activeNumberSid deadlineAt createdAt updatedAt"
)
DOCUMENT = (
    "id sid accountSid addressSid status email ccEmails contactTitle contactPhoneNumber "
    "orderCount signerName signedAt failureReason expiresAt signingUrl createdAt"
)
MUTATIONS = {
    "createHostedNumberOrder": ("CreateHostedNumberOrderInput", f"hostedNumberOrder {{ {ORDER} }}"),
    "startHostedNumberVerification": (
        "StartHostedNumberVerificationInput",
        f"hostedNumberOrder {{ {ORDER} }}",
    ),
    "confirmHostedNumberVerification": (
        "ConfirmHostedNumberVerificationInput",
        f"hostedNumberOrder {{ {ORDER} }}",
    ),
    "cancelHostedNumberOrder": ("CancelHostedNumberOrderInput", f"hostedNumberOrder {{ {ORDER} }}"),
    "createAuthorizationDocument": (
        "CreateAuthorizationDocumentInput",
        f"authorizationDocument {{ {DOCUMENT} }}",
    ),
}

LANDLINE = "+14155550100"
TOLLFREE = "+18005550100"
CUSTOMER = "Ada <Lovelace> & Co"
POSTAL_CODE = "94105"


async def add_lookup(
    gateway: Gateway,
    phone_number: str,
    number_type: str = "LANDLINE",
    *,
    messaging_enabled: bool = False,
    verified_for: str | None = None,
    carrier: str = "Pacific Bell",
) -> None:
    """Carrier data for ``phone_number``; ``verified_for`` makes it a verified caller ID of
    that account."""
    async with gateway.engine.begin() as conn:
        await conn.execute(
            number_lookups.insert().values(
                phone_number=phone_number,
                number_type=number_type,
                carrier_name=carrier,
                messaging_enabled=messaging_enabled,
            )
        )
        if verified_for is not None:
            await conn.execute(
                verified_caller_ids.insert().values(
                    phone_number=phone_number,
                    account_sid=verified_for,
                    created_at=gateway.clock.now(),
                )
            )


async def add_address(
    gateway: Gateway, account_sid: str, customer: str = CUSTOMER, street: str = "1 <Market> St"
) -> str:
    sid = new_sid("AD")
    async with gateway.engine.begin() as conn:
        await conn.execute(
            addresses.insert().values(
                sid=sid,
                account_sid=account_sid,
                friendly_name="Office",
                customer_name=customer,
                street=street,
                city="San Francisco",
                region="CA",
                postal_code=POSTAL_CODE,
                iso_country="US",
                created_at=gateway.clock.now(),
            )
        )
    return sid


async def call(gateway: Gateway, caller: Caller, name: str, **input_: Any) -> dict[str, Any]:
    input_type, fields = MUTATIONS[name]
    text = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {fields} {USER_ERRORS} }} }}"
    )
    data = await gateway.gql(text, {"input": input_}, auth=caller.auth)
    payload: dict[str, Any] = data[name]
    return payload


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refused(
    payload: dict[str, Any], code: str, twilio_code: int | None, field: list[str] | None
) -> dict[str, Any]:
    [error] = payload["userErrors"]
    assert (error["code"], error["twilioCode"], error["field"]) == (code, twilio_code, field), error
    assert error["message"]
    assert all(value is None for key, value in payload.items() if key != "userErrors"), payload
    result: dict[str, Any] = error
    return result


async def new_order(
    gateway: Gateway, caller: Caller, address_sid: str, phone_number: str = LANDLINE, **input_: Any
) -> dict[str, Any]:
    payload = await call(
        gateway,
        caller,
        "createHostedNumberOrder",
        phoneNumber=phone_number,
        addressSid=address_sid,
        email="owner@example.com",
        **input_,
    )
    order: dict[str, Any] = ok(payload)["hostedNumberOrder"]
    return order


async def verify(gateway: Gateway, caller: Caller, sid: str) -> dict[str, Any]:
    """Call, read the played code, type it back: the order ends in PENDING_LOA."""
    called = ok(await call(gateway, caller, "startHostedNumberVerification", sid=sid))
    code = called["hostedNumberOrder"]["verificationCall"]["code"]
    payload = await call(
        gateway, caller, "confirmHostedNumberVerification", sid=sid, verificationCode=code
    )
    order: dict[str, Any] = ok(payload)["hostedNumberOrder"]
    return order


async def new_document(
    gateway: Gateway, caller: Caller, address_sid: str, sids: list[str], **input_: Any
) -> dict[str, Any]:
    payload = await call(
        gateway,
        caller,
        "createAuthorizationDocument",
        hostedNumberOrderSids=sids,
        addressSid=address_sid,
        email="owner@example.com",
        **input_,
    )
    document: dict[str, Any] = ok(payload)["authorizationDocument"]
    return document


# Catalog numbers for sale that set the price list: a hosted landline costs LOCAL_MONTHLY a
# month, a toll-free number TOLLFREE_MONTHLY (in minor units).
LOCAL_MONTHLY, TOLLFREE_MONTHLY = 115, 215
PRICED = {
    "+14155559990": {"type": "LOCAL", "monthly_fee_minor": LOCAL_MONTHLY, "setup_fee_minor": 25},
    "+18005559990": {"type": "TOLLFREE", "monthly_fee_minor": TOLLFREE_MONTHLY},
}


async def add_prices(gateway: Gateway) -> None:
    """US catalog numbers for sale, so that ``pricing`` lists LOCAL and TOLLFREE prices."""
    async with gateway.engine.begin() as conn:
        known = set(
            (
                await conn.scalars(
                    select(catalog_numbers.c.phone_number).where(
                        catalog_numbers.c.phone_number.in_(list(PRICED))
                    )
                )
            ).all()
        )
        rows = [
            catalog_row(number, **fees) for number, fees in PRICED.items() if number not in known
        ]
        if rows:
            await conn.execute(catalog_numbers.insert(), rows)


async def sign(gateway: Gateway, document: dict[str, Any]) -> None:
    """Sign ``document``'s letter as its address's customer: its orders go to CARRIER_PROCESSING."""
    url = document["signingUrl"]
    form = {
        "token": url.removeprefix("/sign/"),
        "signer_name": CUSTOMER,
        "postal_code": POSTAL_CODE,
        "confirm": "yes",
    }
    assert (await gateway.http.post(url, data=form)).status_code == 200


async def signed_orders(gateway: Gateway, caller: Caller, numbers: dict[str, str]) -> list[str]:
    """Orders for ``numbers`` (E.164 → line type), verified, on a signed letter; the catalog
    lists prices for them (``add_prices``)."""
    await add_prices(gateway)
    address = await add_address(gateway, caller.sid)
    sids = []
    for number, kind in numbers.items():
        await add_lookup(gateway, number, kind)
        order = await new_order(
            gateway, caller, address, number, sms={"url": "https://example.com/in"}
        )
        await verify(gateway, caller, order["sid"])
        sids.append(order["sid"])
    await sign(gateway, await new_document(gateway, caller, address, sids))
    return sids


async def get_order(gateway: Gateway, caller: Caller, sid: str) -> dict[str, Any]:
    query = f"query($sid: String!) {{ hostedNumberOrder(sid: $sid) {{ {ORDER} }} }}"
    data = await gateway.gql(query, {"sid": sid}, auth=caller.auth)
    order: dict[str, Any] = data["hostedNumberOrder"]
    return order


async def run_timers(gateway: Gateway) -> int:
    return await hosted_order_timers_pass(JobEnvironment(gateway.engine, gateway.clock))


async def status_events(gateway: Gateway, sid: str) -> list[tuple[str, str]]:
    """(from, to) of the order's HOSTED_ORDER_STATUS_CHANGED events, oldest first."""
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(number_events.c.kind, number_events.c.data)
            .where(number_events.c.node_sid == sid)
            .order_by(number_events.c.id)
        )
        found = []
        for kind, data in rows:
            assert kind == "HOSTED_ORDER_STATUS_CHANGED"
            decoded = orjson.loads(data)
            found.append((decoded["from"], decoded["status"]))
        return found


async def order_status(gateway: Gateway, sid: str) -> str:
    async with gateway.engine.connect() as conn:
        status = await conn.scalar(
            select(hosted_number_orders.c.status).where(hosted_number_orders.c.sid == sid)
        )
    return str(status)


def iso(moment: datetime) -> str:
    return moment.isoformat() + "+00:00"
