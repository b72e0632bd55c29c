"""The reservation mutations' documents and calls, for the tests."""

from __future__ import annotations

from typing import Any

from tests.support.client import Gateway
from tests.support.provisioning import USER_ERRORS, Buyer, mutate

RESERVE = f"""
mutation($input: ReserveNumbersInput!) {{
  reserveNumbers(input: $input) {{
    reservations {{ phoneNumber status heldUntil code message }}
    {USER_ERRORS}
  }}
}}
"""
EXTEND = f"""
mutation($input: ExtendReservationInput!) {{
  extendReservation(input: $input) {{ phoneNumbers heldUntil {USER_ERRORS} }}
}}
"""
RELEASE = f"""
mutation($input: ReleaseReservationInput!) {{
  releaseReservation(input: $input) {{ phoneNumbers heldUntil {USER_ERRORS} }}
}}
"""


async def reserve(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, RESERVE, "reserveNumbers", input_, buyer)


async def extend(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, EXTEND, "extendReservation", input_, buyer)


async def release(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, RELEASE, "releaseReservation", input_, buyer)


def statuses(payload: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Each requested number's status and refusal code."""
    assert payload["userErrors"] == [], payload["userErrors"]
    return {r["phoneNumber"]: (r["status"], r["code"]) for r in payload["reservations"]}
