"""Seen by both paths: one account with varied numbers (rich, plain, bulk) and a subaccount
(``seeded``), or an account after every mutation once (``busy``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.compiled.support import Both, both_for
from tests.support.client import Gateway
from tests.support.every_mutation import Scene, new_scene, successful_calls
from tests.support.factories import T0, add_account
from tests.support.numbers import Caller, Number, add_numbers, sign_in, us_numbers
from tests.support.scenarios import RichNumber, add_plain_number, add_rich_number


@dataclass(frozen=True)
class Seeded:
    both: Both
    account_sid: str
    subaccount_sid: str
    rich: RichNumber
    plain_sid: str


@pytest.fixture
async def seeded(gateway: Gateway) -> Seeded:
    return await seed(gateway)


async def seed(gateway: Gateway) -> Seeded:
    """The account of ``Seeded`` and its rows (a module whose tests only read may seed once:
    ``tests/compiled/test_shapes.py``)."""
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    plain = await add_plain_number(gateway.engine, caller.sid)
    bulk = [
        Number(
            phone,
            catalog={"type": "MOBILE"} if i % 3 == 0 else {},
            owned={
                "friendly_name": f"Line {chr(ord('Z') - i)}",
                "purchased_at": T0 - timedelta(days=20 - i),
                "monthly_fee_minor": 100 + i,
            },
        )
        for i, phone in enumerate(us_numbers(7, area="212"))
    ]
    await add_numbers(gateway.engine, caller.sid, bulk)
    sub = await add_account(gateway.engine, parent_sid=caller.sid, name="Sub one")
    await add_numbers(gateway.engine, sub.sid, us_numbers(2, area="646"))
    return Seeded(await both_for(gateway, caller), caller.sid, sub.sid, rich, plain)


@dataclass(frozen=True)
class Busy:
    both: Both
    gateway: Gateway
    caller: Caller
    scene: Scene


@pytest.fixture
async def busy(gateway: Gateway) -> Busy:
    """An account after every mutation once: released numbers, a hosted order and its
    authorization document, messaging services, addresses and their events."""
    scene = await new_scene(gateway)
    for _, step in successful_calls():
        await step(scene)
    released = await scene.call("releasePhoneNumber", {"sid": scene.numbers[1]})
    assert released["userErrors"] == []
    return Busy(await both_for(gateway, scene.parent), gateway, scene.parent, scene)
