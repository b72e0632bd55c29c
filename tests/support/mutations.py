"""Calling the configure, resource and account mutations from tests, and reading their payloads.

``call`` runs one mutation as a caller and returns its payload; ``accepted`` and ``refusal``
check the userErrors contract (none; or exactly one with its code and Twilio code, and every
other payload field null).
"""

from __future__ import annotations

from typing import Any

from tests.support.client import Gateway
from tests.support.numbers import Caller

USER_ERRORS = "userErrors { field message code twilioCode }"
CONFIGURATION = """
configuration {
  statusCallback statusCallbackMethod
  voice {
    url method fallbackUrl fallbackMethod applicationSid trunkSid
    emergencyStatus emergencyAddressSid receiveMode callerIdLookup
  }
  sms { url method fallbackUrl fallbackMethod applicationSid }
  mms { url method fallbackUrl fallbackMethod applicationSid }
}
"""
NUMBER = f"""
sid accountSid friendlyName updatedAt
regulatory {{ identitySid address {{ sid }} }}
{CONFIGURATION}
"""
RESOURCE = "id sid accountSid friendlyName createdAt"
ACCOUNT = "sid friendlyName status type isSubaccount balance { amount currency }"
TRANSACTION = "sid accountSid kind amount { amount currency } description numberSid createdAt"
ADDRESS = "sid friendlyName customerName street city region postalCode isoCountry createdAt"

MUTATIONS = {
    "configurePhoneNumber": ("ConfigurePhoneNumberInput", f"activeNumber {{ {NUMBER} }}"),
    "createApplication": ("CreateApplicationInput", f"application {{ {RESOURCE} }}"),
    "createTrunk": ("CreateTrunkInput", f"trunk {{ {RESOURCE} }}"),
    "createIdentityDocument": (
        "CreateIdentityDocumentInput",
        f"identityDocument {{ {RESOURCE} status }}",
    ),
    "createSubaccount": ("CreateSubaccountInput", f"account {{ {ACCOUNT} }} authToken"),
    "updateSubaccount": ("UpdateSubaccountInput", f"account {{ {ACCOUNT} }}"),
    "addFunds": ("AddFundsInput", f"account {{ {ACCOUNT} }} transaction {{ {TRANSACTION} }}"),
    "createAddress": ("CreateAddressInput", f"address {{ {ADDRESS} }}"),
}


def mutation_text(name: str) -> str:
    input_type, fields = MUTATIONS[name]
    return f"""
mutation($input: {input_type}!) {{
  {name}(input: $input) {{ {fields} {USER_ERRORS} }}
}}
"""


async def call(gateway: Gateway, caller: Caller, name: str, **input_: Any) -> dict[str, Any]:
    """The payload of mutation ``name`` with ``input_``, called as ``caller``."""
    data = await gateway.gql(mutation_text(name), {"input": input_}, auth=caller.auth)
    payload: dict[str, Any] = data[name]
    return payload


def accepted(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refusal(payload: dict[str, Any], code: str, twilio_code: int | None = None) -> dict[str, Any]:
    """The one userError of ``payload``: ``code``/``twilio_code``, other fields null."""
    errors = payload["userErrors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    assert (error["code"], error["twilioCode"]) == (code, twilio_code), error
    assert error["message"], error
    assert all(value is None for key, value in payload.items() if key != "userErrors"), payload
    return error


async def create(gateway: Gateway, caller: Caller, name: str, **input_: Any) -> str:
    """The sid of a resource created with mutation ``name`` (createApplication …)."""
    payload = accepted(await call(gateway, caller, name, **input_))
    [value] = [v for k, v in payload.items() if k != "userErrors" and isinstance(v, dict)]
    sid: str = value["sid"]
    return sid
