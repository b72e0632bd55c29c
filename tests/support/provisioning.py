"""Helpers for the provisioning tests: mutation texts, callers, and what the database holds.

``Buyer`` is an account with its Authorization header. ``money_state`` reads an account's
balance, ledger sum and ledger size straight from the tables, so a test can say "nothing
changed" or "the balance is the sum of the ledger" without any GraphQL in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.billing.ledger import ledger_sum
from resolvers.core.sids import new_sid
from resolvers.core.tables import (
    accounts,
    catalog_numbers,
    identity_documents,
    owned_numbers,
    trunks,
)
from resolvers.core.tables import ledger_entries as ledger
from tests.support.client import Gateway, basic_auth
from tests.support.factories import T0, add_account

USER_ERRORS = "userErrors { field message code twilioCode }"
NUMBER_FIELDS = """
  sid accountSid phoneNumber friendlyName status
  billing {
    setupFee { amount currency } monthlyFee { amount currency } purchasedAt nextBillingDate
  }
  regulatory { addressRequirements identityRequired identitySid address { sid isoCountry } }
  configuration {
    statusCallback
    voice { url method fallbackUrl trunkSid applicationSid }
    sms { url method }
  }
"""
TRANSACTION_FIELDS = "sid accountSid kind amount { amount currency } numberSid"

PURCHASE = f"""
mutation($input: PurchasePhoneNumberInput!) {{
  purchasePhoneNumber(input: $input) {{
    activeNumber {{ {NUMBER_FIELDS} }}
    charge {{ {TRANSACTION_FIELDS} }}
    {USER_ERRORS}
  }}
}}
"""

RELEASE = f"""
mutation($input: ReleasePhoneNumberInput!) {{
  releasePhoneNumber(input: $input) {{
    releasedNumber {{ sid phoneNumber friendlyName releasedAt restorableUntil }}
    refund {{ {TRANSACTION_FIELDS} }}
    {USER_ERRORS}
  }}
}}
"""

RESTORE = f"""
mutation($input: RestorePhoneNumberInput!) {{
  restorePhoneNumber(input: $input) {{
    activeNumber {{ {NUMBER_FIELDS} }}
    charge {{ {TRANSACTION_FIELDS} }}
    {USER_ERRORS}
  }}
}}
"""

TRANSFER = f"""
mutation($input: TransferPhoneNumberInput!) {{
  transferPhoneNumber(input: $input) {{
    activeNumber {{ {NUMBER_FIELDS} }}
    {USER_ERRORS}
  }}
}}
"""

NUMBER_LIST = """
query($accountSid: String, $filter: ActiveNumberFilter) {
  activeNumbers(accountSid: $accountSid, filter: $filter) {
    totalCount nodes { sid phoneNumber status accountSid }
  }
}
"""

RELEASED_LIST = """
{ releasedNumbers { nodes { sid phoneNumber releasedAt restorableUntil } } }
"""


@dataclass(frozen=True)
class Buyer:
    sid: str
    token: str

    @property
    def auth(self) -> str:
        return basic_auth(self.sid, self.token)


async def new_buyer(engine: AsyncEngine, **options: Any) -> Buyer:
    """An account (by default ACTIVE, FULL, 1000.00 USD opening TOP_UP) that can sign in."""
    account = await add_account(engine, **options)
    return Buyer(account.sid, account.token)


async def mutate(
    gateway: Gateway, mutation: str, name: str, input_: dict[str, Any], buyer: Buyer
) -> dict[str, Any]:
    """The payload of ``mutation`` (named ``name``) called by ``buyer``."""
    data = await gateway.gql(mutation, {"input": input_}, auth=buyer.auth)
    payload: dict[str, Any] = data[name]
    return payload


async def purchase(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, PURCHASE, "purchasePhoneNumber", input_, buyer)


async def release(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, RELEASE, "releasePhoneNumber", input_, buyer)


async def restore(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, RESTORE, "restorePhoneNumber", input_, buyer)


async def transfer(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    return await mutate(gateway, TRANSFER, "transferPhoneNumber", input_, buyer)


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` after checking it carries no userErrors."""
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refused(payload: dict[str, Any], code: str, twilio_code: int | None = None) -> dict[str, Any]:
    """The single userError of ``payload``, checked to be ``code`` / ``twilio_code``; every
    other payload field is null."""
    errors = payload["userErrors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    assert error["code"] == code, error
    assert error["twilioCode"] == twilio_code, error
    assert error["message"], error
    assert all(value is None for key, value in payload.items() if key != "userErrors"), payload
    return error


async def numbers_of(
    gateway: Gateway, buyer: Buyer, account_sid: str | None = None, status: str | None = None
) -> list[str]:
    """Phone numbers listed by ``activeNumbers`` (default status filter unless ``status``)."""
    variables: dict[str, Any] = {"accountSid": account_sid}
    if status is not None:
        variables["filter"] = {"status": [status]}
    data = await gateway.gql(NUMBER_LIST, variables, auth=buyer.auth)
    return [node["phoneNumber"] for node in data["activeNumbers"]["nodes"]]


async def released_of(gateway: Gateway, buyer: Buyer) -> list[dict[str, Any]]:
    data = await gateway.gql(RELEASED_LIST, auth=buyer.auth)
    nodes: list[dict[str, Any]] = data["releasedNumbers"]["nodes"]
    return nodes


@dataclass(frozen=True)
class MoneyState:
    balance_minor: int
    ledger_sum_minor: int
    ledger_count: int


async def money_state(engine: AsyncEngine, account_sid: str) -> MoneyState:
    async with engine.connect() as conn:
        balance = await conn.scalar(
            select(accounts.c.balance_minor).where(accounts.c.sid == account_sid)
        )
        count = await conn.scalar(
            select(func.count()).select_from(ledger).where(ledger.c.account_sid == account_sid)
        )
        total = await ledger_sum(conn, account_sid)
    return MoneyState(int(balance or 0), total, int(count or 0))


async def assert_balanced(engine: AsyncEngine, account_sid: str) -> MoneyState:
    """The account's balance equals the sum of its ledger and is not negative."""
    state = await money_state(engine, account_sid)
    assert state.balance_minor == state.ledger_sum_minor, state
    assert state.balance_minor >= 0, state
    return state


async def catalog_state(engine: AsyncEngine, phone_number: str) -> tuple[str, datetime | None]:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(catalog_numbers.c.state, catalog_numbers.c.aging_until).where(
                    catalog_numbers.c.phone_number == phone_number
                )
            )
        ).one()
    return str(row.state), row.aging_until


async def ownerships(engine: AsyncEngine, phone_number: str) -> list[tuple[str, str]]:
    """(account sid, status) of every ownership row of ``phone_number``."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(owned_numbers.c.account_sid, owned_numbers.c.status)
            .where(owned_numbers.c.phone_number == phone_number)
            .order_by(owned_numbers.c.created_at, owned_numbers.c.sid)
        )
        return [(str(account), str(status)) for account, status in rows]


async def add_identity_document(
    engine: AsyncEngine, account_sid: str, status: str = "VERIFIED"
) -> str:
    sid = new_sid("RI")
    async with engine.begin() as conn:
        await conn.execute(
            identity_documents.insert().values(
                sid=sid,
                account_sid=account_sid,
                friendly_name="passport",
                status=status,
                created_at=T0,
            )
        )
    return sid


def minor(amount: str) -> int:
    """A Money amount string ("-2.15") in minor units (-215)."""
    return int(Decimal(amount).scaleb(2))


async def add_trunk(engine: AsyncEngine, account_sid: str) -> str:
    sid = new_sid("TK")
    async with engine.begin() as conn:
        await conn.execute(
            trunks.insert().values(
                sid=sid, account_sid=account_sid, friendly_name="trunk", created_at=T0
            )
        )
    return sid
