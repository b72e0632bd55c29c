"""The books under random sequences of money-moving mutations (issue #6, item 2): a Hypothesis
state machine drives purchase, release, restore, transfer, addFunds, idempotent replays,
closing a subaccount and the passing of days through the GraphQL API (the real ASGI app), on
SQLite and PostgreSQL.

After every step: each account's balance is what the payloads said it moved (the sum of the
charges, refunds and top-ups they returned), and the database agrees with itself
(``tests.crash.books.broken_invariants``: balance = ledger, one owner per number, catalog =
ownership, every charge has its number and event). A replay of an idempotency key that
succeeded, within 24 hours, returns the original answer and moves no money.

Each example gets a parent, a subaccount and five numbers of its own in one shared database
(the invariants are checked for every account, so earlier examples are checked again too).
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from resolvers.core.tables import accounts, owned_numbers
from tests.crash.books import broken_invariants
from tests.support.client import Gateway, basic_auth, in_process_gateway
from tests.support.factories import add_account, add_catalog, catalog_row
from tests.support.mutations import mutation_text
from tests.support.provisioning import PURCHASE, RELEASE, RESTORE, TRANSFER

pytestmark = pytest.mark.slow

FEES = [(0, 115), (100, 115), (300, 3100), (0, 2800), (50, 200)]  # (setup, monthly) minor
PARENT_OPENING, CHILD_OPENING = 4_000, 500
REPLAY_WINDOW = timedelta(hours=24)
ADD_FUNDS, CLOSE = mutation_text("addFunds"), mutation_text("updateSubaccount")
# No shrink phase: shrinking a failing sequence on PostgreSQL took over five minutes (the
# suite's timeout); Hypothesis prints the failing sequence as it was generated.
BOUNDED = settings(
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    max_examples=30,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def minor(amount: str) -> int:
    return int(Decimal(amount) * 100)


@dataclass
class World:
    """One app and database for every example of a test, on a loop of its own."""

    runner: asyncio.Runner
    gateway: Gateway
    phones: Iterator[int] = field(default_factory=itertools.count)

    def run(self, coroutine: Any) -> Any:
        return self.runner.run(coroutine)


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    with asyncio.Runner() as runner:
        context = in_process_gateway(database_url)
        gateway = runner.run(context.__aenter__())
        try:
            yield World(runner, gateway)
        finally:
            runner.run(context.__aexit__(None, None, None))


@dataclass(frozen=True)
class Keyed:
    """A call made with an idempotency key: what a replay must return."""

    who: str
    document: str
    name: str
    input: dict[str, Any]
    payload: dict[str, Any]
    at: datetime


class Books(RuleBasedStateMachine):
    world: World

    def __init__(self) -> None:
        super().__init__()
        self.gateway = self.world.gateway
        self.parent, self.child, self.phones = self.world.run(self._seed())
        self.auth = {
            "parent": basic_auth(self.parent.sid, self.parent.token),
            "child": basic_auth(self.child.sid, self.child.token),
        }
        self.sids = {"parent": self.parent.sid, "child": self.child.sid}
        self.expected = {self.parent.sid: PARENT_OPENING, self.child.sid: CHILD_OPENING}
        self.keyed: list[Keyed] = []
        self.closed = False

    async def _seed(self) -> tuple[Any, Any, list[str]]:
        engine = self.gateway.engine
        parent = await add_account(engine, balance_minor=PARENT_OPENING)
        child = await add_account(engine, parent_sid=parent.sid, balance_minor=CHILD_OPENING)
        base = next(self.world.phones) * len(FEES)
        phones = [f"+1628{2_000_000 + base + i:07d}" for i in range(len(FEES))]
        rows = [
            catalog_row(phone, setup_fee_minor=setup, monthly_fee_minor=monthly)
            for phone, (setup, monthly) in zip(phones, FEES, strict=True)
        ]
        await add_catalog(engine, rows)
        return parent, child, phones

    # -- calling the API ---------------------------------------------------------------

    def _call(self, who: str, document: str, name: str, input_: dict[str, Any]) -> Any:
        """The payload; None for a closed subaccount, which can no longer sign in."""
        variables = {"input": input_}
        if who == "child" and self.closed:
            response = self.world.run(self.gateway.post(document, variables, self.auth[who]))
            assert response.status_code == 401, response.text
            return None
        data = self.world.run(self.gateway.gql(document, variables, auth=self.auth[who]))
        return data[name]

    def _keyed(self, who: str, document: str, name: str, input_: dict[str, Any]) -> Any:
        input_ = {**input_, "idempotencyKey": uuid.uuid4().hex}
        payload = self._call(who, document, name, input_)
        if payload is not None:
            now = self.gateway.clock.now()
            self.keyed.append(Keyed(who, document, name, input_, payload, now))
        return payload

    def _sid_of(self, phone: str) -> str:
        """The number's current ownership sid, or a sid nobody has."""

        async def read() -> str | None:
            async with self.gateway.engine.connect() as conn:
                return await conn.scalar(
                    select(owned_numbers.c.sid)
                    .where(owned_numbers.c.phone_number == phone)
                    .order_by(owned_numbers.c.created_at.desc())
                    .limit(1)
                )

        return self.world.run(read()) or "PN" + "0" * 32

    def _moved(self, transaction: dict[str, Any] | None) -> None:
        """The account the transaction names (a parent may release its subaccount's number:
        the refund is the subaccount's) moved by its amount."""
        if transaction is not None:
            self.expected[transaction["accountSid"]] += minor(transaction["amount"]["amount"])

    # -- rules -------------------------------------------------------------------------

    @rule(who=st.sampled_from(["parent", "child"]), index=st.integers(0, len(FEES) - 1))
    def purchase(self, who: str, index: int) -> None:
        payload = self._keyed(
            who, PURCHASE, "purchasePhoneNumber", {"phoneNumber": self.phones[index]}
        )
        if payload is None:
            return
        if not payload["userErrors"]:
            setup, monthly = FEES[index]
            assert minor(payload["charge"]["amount"]["amount"]) == -(setup + monthly)
        self._moved(payload["charge"])

    @rule(who=st.sampled_from(["parent", "child"]), index=st.integers(0, len(FEES) - 1))
    def release(self, who: str, index: int) -> None:
        sid = self._sid_of(self.phones[index])
        payload = self._keyed(who, RELEASE, "releasePhoneNumber", {"sid": sid})
        if payload is None:
            return
        if payload["refund"] is not None:
            assert 0 < minor(payload["refund"]["amount"]["amount"]) <= FEES[index][1]
        self._moved(payload["refund"])

    @rule(who=st.sampled_from(["parent", "child"]), index=st.integers(0, len(FEES) - 1))
    def restore(self, who: str, index: int) -> None:
        input_ = {"phoneNumber": self.phones[index]}
        payload = self._keyed(who, RESTORE, "restorePhoneNumber", input_)
        if payload is not None:
            self._moved(payload["charge"])

    @rule(index=st.integers(0, len(FEES) - 1), to=st.sampled_from(["parent", "child"]))
    def transfer(self, index: int, to: str) -> None:
        input_ = {"sid": self._sid_of(self.phones[index]), "accountSid": self.sids[to]}
        self._call("parent", TRANSFER, "transferPhoneNumber", input_)  # moves no money

    @rule(
        who=st.sampled_from(["parent", "child"]),
        amount=st.sampled_from(["0.01", "1.15", "25", "0", "-1", "0.001"]),
        for_child=st.booleans(),
    )
    def add_funds(self, who: str, amount: str, for_child: bool) -> None:
        input_ = {"amount": amount, "accountSid": self.child.sid} if for_child else {}
        input_.setdefault("amount", amount)
        payload = self._keyed(who, ADD_FUNDS, "addFunds", input_)
        if payload is not None and payload["transaction"] is not None:
            credited = self.child.sid if for_child else self.sids[who]
            assert payload["transaction"]["accountSid"] == credited
            self._moved(payload["transaction"])

    @rule(days=st.sampled_from([0.5, 3, 11, 40]))
    def wait(self, days: float) -> None:
        self.gateway.clock.advance(timedelta(days=days))

    @rule(pick=st.integers(min_value=0))
    def replay(self, pick: int) -> None:
        """The same key again: the original answer, and no money moves."""
        now = self.gateway.clock.now()
        # Only successes are kept under their key: a refusal may go another way later.
        recent = [
            call
            for call in self.keyed
            if now - call.at < REPLAY_WINDOW and not call.payload["userErrors"]
        ]
        if not recent:
            return
        call = recent[pick % len(recent)]
        payload = self._call(call.who, call.document, call.name, call.input)
        if payload is None:
            return
        codes, made = _identity(payload)
        original_codes, original = _identity(call.payload)
        assert codes == original_codes, call
        for key, sid in original.items():
            # A replay reads its nodes as they are now, as the caller sees them: a number
            # transferred since to an account the caller cannot see reads null.
            moved = str(sid).startswith("PN") and not self._visible_to(call.who, sid)
            gone = made[key] is None and moved
            assert made[key] == sid or gone, (key, call)

    def _visible_to(self, who: str, number_sid: str) -> bool:
        """Whether ``who`` sees the number now (the parent sees the child's numbers too)."""
        owner = self.world.run(self._owner(number_sid))
        seen = {self.child.sid} | ({self.parent.sid} if who == "parent" else set())
        return owner in seen

    async def _owner(self, number_sid: str) -> str | None:
        async with self.gateway.engine.connect() as conn:
            query = select(owned_numbers.c.account_sid).where(owned_numbers.c.sid == number_sid)
            owner: str | None = await conn.scalar(query)
            return owner

    @rule()
    def close_child(self) -> None:
        """Closing releases the subaccount's numbers with refunds; the ledger says how much."""
        payload = self._call(
            "parent", CLOSE, "updateSubaccount", {"sid": self.child.sid, "status": "CLOSED"}
        )
        if not payload["userErrors"] and not self.closed:
            self.closed = True
            before = self.expected[self.child.sid]
            self.expected[self.child.sid] = self.world.run(self._balance(self.child.sid))
            assert self.expected[self.child.sid] >= before

    async def _balance(self, sid: str) -> int:
        async with self.gateway.engine.connect() as conn:
            balance = await conn.scalar(
                select(accounts.c.balance_minor).where(accounts.c.sid == sid)
            )
        assert balance is not None, sid
        return int(balance)

    # -- after every step --------------------------------------------------------------

    @invariant()
    def balances_are_what_the_payloads_said(self) -> None:
        actual = {sid: self.world.run(self._balance(sid)) for sid in self.expected}
        assert actual == self.expected

    @invariant()
    def the_database_agrees_with_itself(self) -> None:
        assert self.world.run(broken_invariants(self.gateway.engine)) == []


def _identity(payload: dict[str, Any]) -> Any:
    """What a replay must repeat: the refusal codes and the sids of what was made."""
    made = {
        key: value.get("sid") if isinstance(value, dict) else value
        for key, value in payload.items()
        if key != "userErrors"
    }
    return [error["code"] for error in payload["userErrors"]], made


def test_books_follow_every_sequence_of_mutations(world: World) -> None:
    Books.world = world
    run_state_machine_as_test(Books, settings=BOUNDED)
