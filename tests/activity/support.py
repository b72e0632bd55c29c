"""Activity tests: the two mutations, the job environment at the gateway's clock, events."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select

from resolvers.core.tables import number_events
from resolvers.core.times import as_utc
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from tests.support.client import Gateway
from tests.support.numbers import Caller

USER_ERRORS = "userErrors { field message code twilioCode }"
ACTIVITY = (
    "lastActivityAt callsLast30Days qualifyingCallsLast30Days messagesLast30Days isActive "
    "reclaimWarningAt reclaimAfter"
)
RECORD = f"""
mutation($input: RecordNumberActivityInput!) {{
  recordNumberActivity(input: $input) {{
    activeNumber {{ sid phoneNumber activity {{ {ACTIVITY} }} }}
    {USER_ERRORS}
  }}
}}
"""
FEED = f"""
mutation($input: RecordNumberActivitiesInput!) {{
  recordNumberActivities(input: $input) {{
    accepted rejected {{ index field message code }}
    {USER_ERRORS}
  }}
}}
"""
NUMBER = f"""
query($sid: String) {{
  activeNumber(sid: $sid) {{ sid status activity {{ {ACTIVITY} }} }}
}}
"""


def call(sid: str, seconds: int = 60, status: str = "COMPLETED", **extra: Any) -> dict[str, Any]:
    return {
        "sid": sid,
        "kind": "CALL",
        "direction": "INBOUND",
        "status": status,
        "durationSeconds": seconds,
        **extra,
    }


def message(sid: str, status: str = "DELIVERED", **extra: Any) -> dict[str, Any]:
    direction = "INBOUND" if status == "RECEIVED" else "OUTBOUND"
    return {"sid": sid, "kind": "MESSAGE", "direction": direction, "status": status, **extra}


async def record(gateway: Gateway, caller: Caller, **input_: Any) -> dict[str, Any]:
    data = await gateway.gql(RECORD, {"input": input_}, auth=caller.auth)
    payload: dict[str, Any] = data["recordNumberActivity"]
    return payload


async def feed(gateway: Gateway, caller: Caller, **input_: Any) -> dict[str, Any]:
    data = await gateway.gql(FEED, {"input": input_}, auth=caller.auth)
    payload: dict[str, Any] = data["recordNumberActivities"]
    return payload


async def activity_of(gateway: Gateway, caller: Caller, sid: str) -> dict[str, Any] | None:
    """The number's activity as its owner reads it; None once it is no longer visible."""
    data = await gateway.gql(NUMBER, {"sid": sid}, auth=caller.auth)
    number = data["activeNumber"]
    return None if number is None else dict(number["activity"], status=number["status"])


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def environment(gateway: Gateway, **policy: Any) -> JobEnvironment:
    """The jobs' view of the gateway under test: same engine, same clock."""
    return JobEnvironment(gateway.engine, gateway.clock, replace(LifecyclePolicy(), **policy))


async def events(gateway: Gateway, *kinds: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, node sid, data) of the outbox's events of ``kinds``, in the order written."""
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(number_events.c.kind, number_events.c.node_sid, number_events.c.data)
            .where(number_events.c.kind.in_(kinds))
            .order_by(number_events.c.id)
        )
        return [(kind, sid, orjson.loads(data)) for kind, sid, data in rows]


def iso(at: datetime) -> str:
    """A naive UTC time as the API writes it."""
    return as_utc(at).isoformat()
