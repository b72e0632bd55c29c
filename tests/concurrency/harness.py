"""What the concurrency tests share: GraphQL documents, a recording HTTP caller, and the
database-wide invariants read with SQL after the clients are done."""

from __future__ import annotations

import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.auth import basic_auth_header
from resolvers.core.tables import accounts, catalog_numbers, ledger_entries, owned_numbers
from tests.support.factories import TestAccount as Account
from tests.support.server import ServerProcess

REQUEST_TIMEOUT_SECONDS = 60.0
MAX_FAILURES_KEPT = 20

PURCHASE = """
mutation Purchase($input: PurchasePhoneNumberInput!) {
  purchasePhoneNumber(input: $input) {
    activeNumber { sid phoneNumber accountSid status }
    charge { sid kind accountSid numberSid amount { amount currency } }
    userErrors { code field message }
  }
}
"""

RELEASE = """
mutation Release($input: ReleasePhoneNumberInput!) {
  releasePhoneNumber(input: $input) {
    releasedNumber { sid phoneNumber releasedAt restorableUntil }
    refund { sid kind amount { amount } }
    userErrors { code field message }
  }
}
"""

RESTORE = """
mutation Restore($input: RestorePhoneNumberInput!) {
  restorePhoneNumber(input: $input) {
    activeNumber { sid phoneNumber accountSid status }
    charge { sid kind amount { amount } }
    userErrors { code field message }
  }
}
"""


@cache
def shared_ssl_context() -> ssl.SSLContext:
    """One context for every client: httpx builds a new one per client otherwise, which costs
    more than a request (the servers are plain HTTP anyway)."""
    return ssl.create_default_context()


@dataclass
class Recorder:
    """Every call's latency and userError codes; every call that was a failure of the server."""

    latencies: dict[str, list[float]] = field(default_factory=dict, repr=False)
    codes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    failure_count: int = 0
    requests: int = 0

    def fail(self, message: str) -> None:
        self.failure_count += 1
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append(message)

    async def call(
        self, http: httpx.AsyncClient, operation: str, query: str, variables: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The mutation's payload; None (and a recorded failure) for a 500, top-level
        ``errors`` or a broken connection."""
        started = time.perf_counter()
        try:
            response = await http.post("/graphql", json={"query": query, "variables": variables})
        except httpx.HTTPError as error:
            self.fail(f"{operation} {variables}: {type(error).__name__}: {error}")
            return None
        finally:
            self.requests += 1
        self.latencies.setdefault(operation, []).append(time.perf_counter() - started)
        if response.status_code != 200:
            self.fail(f"{operation} {variables}: HTTP {response.status_code}: {response.text}")
            return None
        body = response.json()
        if "errors" in body or not body.get("data"):
            self.fail(f"{operation} {variables}: top-level errors: {body}")
            return None
        payload: dict[str, Any] = next(iter(body["data"].values()))
        for user_error in payload["userErrors"]:
            self.codes[user_error["code"]] += 1
        return payload


def error_codes(payload: dict[str, Any]) -> list[str]:
    return [str(error["code"]) for error in payload["userErrors"]]


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def latency_summary(recorder: Recorder) -> str:
    parts = []
    for operation, values in sorted(recorder.latencies.items()):
        p50, p99 = percentile(values, 0.50) * 1000, percentile(values, 0.99) * 1000
        parts.append(f"{operation}: n={len(values)} p50={p50:.1f} ms p99={p99:.1f} ms")
    return "; ".join(parts)


@dataclass(frozen=True)
class AccountBooks:
    """One account as the database has it after the clients are done."""

    balance_minor: int
    ledger_sum_minor: int
    kinds: Counter[str]
    in_use: frozenset[str]  # phone numbers


async def account_books(engine: AsyncEngine) -> dict[str, AccountBooks]:
    async with engine.connect() as conn:
        sums = dict(
            (
                await conn.execute(
                    select(
                        ledger_entries.c.account_sid, func.sum(ledger_entries.c.amount_minor)
                    ).group_by(ledger_entries.c.account_sid)
                )
            ).all()
        )
        kinds: dict[str, Counter[str]] = {}
        for account_sid, kind, count in await conn.execute(
            select(ledger_entries.c.account_sid, ledger_entries.c.kind, func.count()).group_by(
                ledger_entries.c.account_sid, ledger_entries.c.kind
            )
        ):
            kinds.setdefault(account_sid, Counter())[kind] = int(count)
        in_use: dict[str, set[str]] = {}
        for account_sid, phone_number in await conn.execute(
            select(owned_numbers.c.account_sid, owned_numbers.c.phone_number).where(
                owned_numbers.c.status == "IN_USE"
            )
        ):
            in_use.setdefault(account_sid, set()).add(phone_number)
        balances = (await conn.execute(select(accounts.c.sid, accounts.c.balance_minor))).all()
    return {
        sid: AccountBooks(
            balance_minor=int(balance),
            ledger_sum_minor=int(sums.get(sid) or 0),
            kinds=kinds.get(sid, Counter()),
            in_use=frozenset(in_use.get(sid, set())),
        )
        for sid, balance in balances
    }


async def numbers_in_use_twice(engine: AsyncEngine) -> list[tuple[str, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(owned_numbers.c.phone_number, func.count())
            .where(owned_numbers.c.status == "IN_USE")
            .group_by(owned_numbers.c.phone_number)
            .having(func.count() > 1)
        )
        return [(str(phone), int(count)) for phone, count in rows]


async def catalog_disagreements(engine: AsyncEngine) -> list[tuple[str, str, bool]]:
    """Catalog rows whose state disagrees with ownership: assigned ⇔ an IN_USE owner exists."""
    owner_in_use = exists().where(
        and_(
            owned_numbers.c.phone_number == catalog_numbers.c.phone_number,
            owned_numbers.c.status == "IN_USE",
        )
    )
    has_owner = case((owner_in_use, True), else_=False)
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(catalog_numbers.c.phone_number, catalog_numbers.c.state, has_owner)
        )
        return [
            (str(phone), str(state), bool(owned))
            for phone, state, owned in rows
            if (state == "assigned") != bool(owned)
        ]


def client_for(server: ServerProcess, account: Account) -> httpx.AsyncClient:
    """An HTTP client signed in as ``account`` on the running ``server``."""
    return httpx.AsyncClient(
        base_url=server.base_url,
        headers={"Authorization": basic_auth_header(account.sid, account.token)},
        timeout=REQUEST_TIMEOUT_SECONDS,
        verify=shared_ssl_context(),
    )
