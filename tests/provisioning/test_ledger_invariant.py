"""The ledger invariant, for random sequences of provisioning operations (SQLite only).

Purchases, releases, restores and top-ups run through the use-case functions themselves
(``resolvers.provisioning.*`` and ``resolvers.billing.ledger``), each in its own write
transaction, as the mutations run them. After every step, for every account: the balance
equals the sum of the ledger and is never negative; a refused step changed nothing; an accepted
one moved exactly the money it should.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.billing import ledger
from resolvers.core.errors import GatewayError
from resolvers.core.request_rules import DEFAULT_AGING_PERIOD
from resolvers.core.tables import accounts, ledger_entries, owned_numbers
from resolvers.core.transactions import transact
from resolvers.core.url_policy import STRICT
from resolvers.provisioning import release as releasing
from resolvers.provisioning.purchase import PurchaseRequest, purchase
from tests.support.factories import T0, add_account, add_catalog, catalog_row
from tests.support.provisioning import MoneyState

PHONES = ["+14155550100", "+14155550101", "+14155550102", "+12125550100"]
FEES = [(0, 115), (100, 115), (300, 3100), (0, 2800)]  # (setup, monthly) minor units
OPERATIONS = ["purchase", "purchase_by_area", "release", "restore", "top_up", "rival", "wait"]

steps = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(min_value=0, max_value=len(PHONES) - 1)),
    min_size=1,
    max_size=14,
)


@dataclass
class World:
    engine: AsyncEngine
    account: str
    rival: str
    now: datetime


Step = Callable[[AsyncConnection], Awaitable[object]]


def _purchase(account: str, request: PurchaseRequest, now: datetime) -> Step:
    """A purchase with no callback URLs to check (so any URL policy will do)."""
    return lambda c: purchase(c, account, request, now, STRICT)


def _step(world: World, operation: str, index: int) -> tuple[str, Step, int | None]:
    """(account acted for, the use-case call, its exact money change or None if not fixed)."""
    phone, (setup, monthly) = PHONES[index], FEES[index]
    now = world.now
    if operation == "purchase":
        request = PurchaseRequest(phone_number=phone)
        return world.account, _purchase(world.account, request, now), -setup - monthly
    if operation == "purchase_by_area":
        request = PurchaseRequest(area_code="415")
        return world.account, _purchase(world.account, request, now), None
    if operation == "rival":
        request = PurchaseRequest(phone_number=phone)
        return world.rival, _purchase(world.rival, request, now), -setup - monthly
    if operation == "release":
        return world.account, lambda c: _release(c, world.account, phone, now), None
    if operation == "restore":
        restore = releasing.restore
        return world.account, lambda c: restore(c, world.account, phone, now), -setup - monthly
    amount = (index + 1) * 150
    entry = ledger.Entry(world.account, ledger.TOP_UP, amount, "top-up")
    return world.account, lambda c: ledger.credit(c, entry, now), amount


async def _release(conn: AsyncConnection, account: str, phone: str, now: datetime) -> object:
    sid = await conn.scalar(
        select(owned_numbers.c.sid).where(
            owned_numbers.c.account_sid == account,
            owned_numbers.c.phone_number == phone,
            owned_numbers.c.status == "IN_USE",
        )
    )
    owners = owned_numbers.c.account_sid == account
    return await releasing.release(conn, owners, sid or "PN" + "0" * 32, now, DEFAULT_AGING_PERIOD)


async def _assert_invariant(world: World) -> dict[str, MoneyState]:
    """Every account's money, read in one statement, after checking the invariant."""
    of_account = ledger_entries.c.account_sid == accounts.c.sid
    total = func.coalesce(func.sum(ledger_entries.c.amount_minor), 0)
    statement = select(
        accounts.c.sid,
        accounts.c.balance_minor,
        select(total).where(of_account).scalar_subquery(),
        select(func.count(ledger_entries.c.sid)).where(of_account).scalar_subquery(),
    )
    async with world.engine.connect() as conn:
        rows = (await conn.execute(statement)).all()
    states = {str(sid): MoneyState(int(b), int(total), int(n)) for sid, b, total, n in rows}
    assert set(states) == {world.account, world.rival}
    for state in states.values():
        assert state.balance_minor == state.ledger_sum_minor, state
        assert state.balance_minor >= 0, state
    return states


async def _run(url: str, opening: int, plan: list[tuple[str, int]]) -> None:
    engine = create_engine(Settings(database_url=url))
    try:
        account = (await add_account(engine, balance_minor=opening)).sid
        rival = (await add_account(engine, balance_minor=2_000)).sid
        rows = [
            catalog_row(p, setup_fee_minor=s, monthly_fee_minor=m)
            for p, (s, m) in zip(PHONES, FEES, strict=True)
        ]
        await add_catalog(engine, rows)
        world = World(engine, account, rival, T0)
        before = await _assert_invariant(world)
        for operation, index in plan:
            if operation == "wait":
                world.now += timedelta(days=[0.5, 3, 11, 75][index])
                continue
            acting, work, change = _step(world, operation, index)
            try:
                await transact(engine, work)
                accepted = True
            except GatewayError:
                accepted = False
            after = await _assert_invariant(world)
            moved = after[acting].balance_minor - before[acting].balance_minor
            if not accepted:
                assert after == before, (operation, index)
            elif change is not None:
                assert moved == change, (operation, index)
            elif operation == "release":
                assert 0 <= moved <= FEES[index][1], (operation, index)
            else:
                assert moved <= 0, (operation, index)
            before = after
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ledger-invariant")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(opening=st.sampled_from([0, 115, 215, 3_000, 10_000]), plan=steps)
def test_balance_is_always_the_sum_of_the_ledger(
    sqlite_template: Path, scratch: Path, opening: int, plan: list[tuple[str, int]]
) -> None:
    database = scratch / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(sqlite_template, database)
    try:
        asyncio.run(_run(f"sqlite:///{database}", opening, plan))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
