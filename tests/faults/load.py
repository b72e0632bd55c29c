"""Clients that keep reading and buying while a test breaks the database under them, and
remember every answer: its HTTP status, its ``Retry-After``, how long it took, and each
purchase the gateway said it made (tests/faults)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from gateway.auth import basic_auth_header
from tests.concurrency.harness import PURCHASE
from tests.support.factories import TestAccount as Account

READ = "query Viewer { viewer { sid balance { amount currency } } }"
REQUEST_TIMEOUT_SECONDS = 10.0
PAUSE_SECONDS = 0.02
GRAPHQL_ERRORS = -200  # the status recorded for HTTP 200 with top-level ``errors``


@dataclass
class Answer:
    at: float  # time.monotonic() when the answer came
    status: int  # 0: no HTTP answer (transport error or timeout); GRAPHQL_ERRORS
    retry_after: str | None
    seconds: float
    kind: str  # "read" or "purchase"
    detail: str = ""


@dataclass
class Load:
    """Every answer and every purchase answered OK: (account sid, number sid, phone number)."""

    answers: list[Answer] = field(default_factory=list)
    purchased: list[tuple[str, str, str]] = field(default_factory=list)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    def statuses(self, since: float = 0.0, until: float = float("inf")) -> Counter[int]:
        return Counter(a.status for a in self.answers if since <= a.at < until)

    def ok_after(self, moment: float, kind: str) -> bool:
        return any(a.at >= moment and a.status == 200 and a.kind == kind for a in self.answers)

    def summary(self) -> str:
        slowest = max((a.seconds for a in self.answers), default=0.0)
        return f"{len(self.answers)} answers {dict(self.statuses())}, slowest {slowest:.2f} s"


async def _post(http: httpx.AsyncClient, load: Load, kind: str, body: dict[str, Any]) -> Any:
    started = time.monotonic()
    try:
        response = await http.post("/graphql", json=body)
    except httpx.HTTPError as error:
        done = time.monotonic()
        load.answers.append(Answer(done, 0, None, done - started, kind, repr(error)))
        return None
    done = time.monotonic()
    retry_after = response.headers.get("retry-after")
    answer: dict[str, Any] | None = response.json() if response.status_code == 200 else None
    status = response.status_code
    if answer is not None and answer.get("errors"):  # a 200 that did not serve is no success
        status, answer = GRAPHQL_ERRORS, None
    detail = "" if status == 200 else response.text[:300]
    load.answers.append(Answer(done, status, retry_after, done - started, kind, detail))
    return answer


async def _client(base_url: str, account: Account, pool: list[str], load: Load) -> None:
    auth = {"Authorization": basic_auth_header(account.sid, account.token)}
    async with httpx.AsyncClient(
        base_url=base_url, headers=auth, timeout=REQUEST_TIMEOUT_SECONDS
    ) as http:
        numbers = iter(pool)
        phone = next(numbers, None)
        while not load.stopping.is_set():
            await _post(http, load, "read", {"query": READ})
            # A number is tried again until an answer serves (the database may be down): on a
            # fast machine the 503s would otherwise use up the pool before the restart ends.
            if phone is not None and await _purchase(http, load, account, phone):
                phone = next(numbers, None)
            await asyncio.sleep(PAUSE_SECONDS)


async def _purchase(http: httpx.AsyncClient, load: Load, account: Account, phone: str) -> bool:
    """Whether the gateway served the purchase (bought, or refused with a userError)."""
    variables = {"input": {"phoneNumber": phone, "idempotencyKey": uuid.uuid4().hex}}
    body = await _post(http, load, "purchase", {"query": PURCHASE, "variables": variables})
    payload = (body or {}).get("data", {}) or {}
    number = (payload.get("purchasePhoneNumber") or {}).get("activeNumber")
    if number is not None:
        load.purchased.append((account.sid, number["sid"], number["phoneNumber"]))
    return body is not None


def start_load(
    base_url: str, accounts: list[Account], pools: list[list[str]], load: Load
) -> asyncio.Future[list[None]]:
    """One client per account, each buying from its own pool (no two race for a number)."""
    return asyncio.gather(
        *(_client(base_url, a, p, load) for a, p in zip(accounts, pools, strict=True))
    )
