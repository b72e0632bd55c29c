"""Clients that buy, release, restore and top up as fast as they can until the server dies.

Every mutation carries an idempotency key. A call cut off by the crash (a transport error
after the kill) is kept with its variables, so that it can be replayed, key and all, once the
server is back: the replay must either return the original result or do the work once.
A transport error before the kill, an HTTP error or a top-level GraphQL error is a failure.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.concurrency.harness import PURCHASE, RELEASE, RESTORE

ADD_FUNDS = """
mutation AddFunds($input: AddFundsInput!) {
  addFunds(input: $input) {
    transaction { sid kind amount { amount } }
    userErrors { code field message }
  }
}
"""
DOCUMENTS = {"purchase": PURCHASE, "release": RELEASE, "restore": RESTORE, "addFunds": ADD_FUNDS}
WEIGHTS = {"purchase": 8, "release": 4, "restore": 3, "addFunds": 1}
HOLD_LIMIT = 4  # numbers a client holds at most before it only releases
# userErrors a storm may meet; anything else is a failure.
ALLOWED_CODES = {
    "NUMBER_NOT_AVAILABLE",
    "INSUFFICIENT_BALANCE",
    "RESTORE_WINDOW_EXPIRED",
    "NOT_FOUND",
    "RATE_LIMITED",
}


@dataclass
class Crash:
    """Set just before the server is killed: transport errors after that are expected."""

    killed: bool = False


@dataclass(frozen=True)
class Call:
    client: int  # which client (account) made it
    operation: str
    variables: dict[str, Any]


@dataclass
class Tally:
    answered: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    interrupted: list[Call] = field(default_factory=list)
    milestone: int | None = None  # ``reached`` is set once this many calls were accepted
    reached: asyncio.Event = field(default_factory=asyncio.Event)

    def done(self) -> int:
        return sum(self.accepted.values())

    def summary(self) -> str:
        return (
            f"answered {dict(self.answered)}, accepted {dict(self.accepted)}, "
            f"userErrors {dict(self.codes)}, interrupted {len(self.interrupted)}"
        )


async def send(http: httpx.AsyncClient, call: Call, tally: Tally, crash: Crash) -> Any:
    """The mutation's payload, or None when there is none (the reason is in the tally)."""
    body = {"query": DOCUMENTS[call.operation], "variables": call.variables}
    try:
        response = await http.post("/graphql", json=body)
    except httpx.TransportError as error:
        if crash.killed:
            tally.interrupted.append(call)
        else:
            tally.failures.append(f"{call}: {type(error).__name__} before the kill")
        return None
    payload = response.json() if response.status_code == 200 else {}
    if "errors" in payload or not payload.get("data"):
        tally.failures.append(f"{call}: HTTP {response.status_code}: {response.text[:400]}")
        return None
    tally.answered[call.operation] += 1
    result = next(iter(payload["data"].values()))
    codes = [error["code"] for error in result["userErrors"]]
    tally.codes.update(codes)
    if set(codes) - ALLOWED_CODES:
        tally.failures.append(f"{call}: unexpected userErrors {result['userErrors']}")
    if not codes:
        tally.accepted[call.operation] += 1
        if tally.milestone is not None and tally.done() >= tally.milestone:
            tally.reached.set()
    return result


@dataclass
class StormClient:
    """One account's client: what it believes it owns and has released."""

    index: int
    http: httpx.AsyncClient
    pool: list[str]
    rng: random.Random
    owned: dict[str, str] = field(default_factory=dict)  # sid -> phone number
    released: list[str] = field(default_factory=list)

    async def run(self, tally: Tally, crash: Crash, until: float, enough: int) -> None:
        """Until the deadline, the kill, or ``enough`` accepted calls by all clients together."""
        while time.monotonic() < until and not crash.killed and tally.done() < enough:
            call = self._next_call()
            result = await send(self.http, call, tally, crash)
            if result is None:
                if crash.killed:
                    return
                continue
            if not result["userErrors"]:
                self._learn(call, result)

    def _next_call(self) -> Call:
        choices = {"purchase": True, "addFunds": True}
        choices["release"] = bool(self.owned)
        choices["restore"] = bool(self.released)
        if len(self.owned) >= HOLD_LIMIT:
            choices["purchase"] = False
        names = [name for name, possible in choices.items() if possible]
        operation = self.rng.choices(names, weights=[WEIGHTS[name] for name in names])[0]
        key = uuid.uuid4().hex
        if operation == "purchase":
            input_ = {"phoneNumber": self.rng.choice(self.pool)}
        elif operation == "release":
            input_ = {"sid": self.rng.choice(sorted(self.owned))}
        elif operation == "restore":
            input_ = {"phoneNumber": self.rng.choice(self.released)}
        else:
            input_ = {"amount": f"{self.rng.randint(1, 500) / 100:.2f}"}
        return Call(self.index, operation, {"input": {**input_, "idempotencyKey": key}})

    def _learn(self, call: Call, result: dict[str, Any]) -> None:
        input_ = call.variables["input"]
        if call.operation in ("purchase", "restore"):
            number = result["activeNumber"]
            self.owned[number["sid"]] = number["phoneNumber"]
            if call.operation == "restore":
                self.released.remove(input_["phoneNumber"])
        elif call.operation == "release":
            self.released.append(self.owned.pop(input_["sid"]))
