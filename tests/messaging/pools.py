"""Messaging services from tests: the mutations, a pool of owned numbers, and the use-case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from resolvers.core.tables import messaging_services, number_activity, owned_numbers
from tests.support.client import Gateway
from tests.support.numbers import Caller, add_numbers

USER_ERRORS = "userErrors { field message code twilioCode }"
SERVICE = "id sid accountSid friendlyName stickySender maxPoolSize numberCount createdAt"
SENDER = "sid phoneNumber messagingService { sid } activity { messagesLast30Days isActive }"

MUTATIONS = {
    "createMessagingService": ("CreateMessagingServiceInput", f"messagingService {{ {SERVICE} }}"),
    "addNumberToMessagingService": (
        "MessagingServiceNumberInput",
        f"messagingService {{ {SERVICE} }}",
    ),
    "removeNumberFromMessagingService": (
        "MessagingServiceNumberInput",
        f"messagingService {{ {SERVICE} }}",
    ),
    "selectSender": ("SelectSenderInput", f"activeNumber {{ {SENDER} }}"),
}

RECIPIENT = "+12125550123"


def phone_numbers(count: int) -> list[str]:
    """``count`` distinct valid US numbers: +1 415 555 01xx, +1 617 555 01xx, …"""
    area_codes = ["415", "617", "202", "312", "646"]
    return [f"+1{area_codes[i // 100]}55501{i % 100:02d}" for i in range(count)]


async def call(gateway: Gateway, caller: Caller, name: str, **input_: Any) -> dict[str, Any]:
    input_type, fields = MUTATIONS[name]
    text = f"""
    mutation($input: {input_type}!) {{ {name}(input: $input) {{ {fields} {USER_ERRORS} }} }}
    """
    data = await gateway.gql(text, {"input": input_}, auth=caller.auth)
    payload: dict[str, Any] = data[name]
    return payload


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refused(
    payload: dict[str, Any], code: str, twilio_code: int | None, field: list[str]
) -> dict[str, Any]:
    """The one userError of ``payload`` (its code, Twilio code and field); other fields null."""
    [error] = payload["userErrors"]
    assert (error["code"], error["twilioCode"], error["field"]) == (code, twilio_code, field)
    assert error["message"], error
    assert all(value is None for key, value in payload.items() if key != "userErrors"), payload
    result: dict[str, Any] = error
    return result


async def new_service(gateway: Gateway, caller: Caller, **input_: Any) -> dict[str, Any]:
    payload = ok(
        await call(gateway, caller, "createMessagingService", **{"friendlyName": "Pool", **input_})
    )
    service: dict[str, Any] = payload["messagingService"]
    return service


async def pooled_numbers(
    gateway: Gateway, caller: Caller, service_sid: str, phones: Sequence[str]
) -> list[str]:
    """Own ``phones`` as ``caller`` and put them in the pool directly; their PN sids."""
    sids = await add_numbers(gateway.engine, caller.sid, phones)
    async with gateway.engine.begin() as conn:
        await conn.execute(
            owned_numbers.update()
            .where(owned_numbers.c.sid.in_(sids))
            .values(messaging_service_sid=service_sid)
        )
    return sids


async def sent_messages(gateway: Gateway, number_sid: str) -> int:
    """Outbound SENT message activity rows of a number."""
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(
                number_activity.c.kind, number_activity.c.direction, number_activity.c.status
            ).where(number_activity.c.number_sid == number_sid)
        )
        return sum(1 for row in rows if tuple(row) == ("MESSAGE", "OUTBOUND", "SENT"))


async def service_row(gateway: Gateway, sid: str) -> Any:
    async with gateway.engine.connect() as conn:
        return (
            await conn.execute(select(messaging_services).where(messaging_services.c.sid == sid))
        ).one()
