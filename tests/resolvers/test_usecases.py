"""The use-case kernel: one transaction, and refusals checked against the declaration."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError
from resolvers.core.tables import accounts
from resolvers.core.url_policy import STRICT
from resolvers.core.usecases import Actor, Outcome, UseCase, run_use_case
from resolvers.core.visibility import Viewer
from tests.support.client import Gateway
from tests.support.factories import T0, add_account


def _refusing(code: str) -> UseCase[None]:
    async def refuse(actor: Actor, conn: AsyncConnection, request: None) -> Outcome:
        await conn.execute(accounts.update().values(friendly_name="changed"))
        raise GatewayError("no", code=code)

    return UseCase("refuseSomething", refuse, ("NOT_FOUND",))


async def _names(gateway: Gateway) -> set[str]:
    async with gateway.engine.connect() as conn:
        return set((await conn.scalars(select(accounts.c.friendly_name))).all())


@pytest.mark.parametrize("code", ["NOT_FOUND", "INSUFFICIENT_BALANCE"])
async def test_a_refusal_rolls_back_and_an_undeclared_one_is_logged(
    gateway: Gateway, caplog: pytest.LogCaptureFixture, code: str
) -> None:
    account = await add_account(gateway.engine, name="Original")
    actor = Actor(Viewer(account.sid, None, "ACTIVE", "FULL"), T0, STRICT)
    with pytest.raises(GatewayError) as refused:
        await run_use_case(gateway.engine, _refusing(code), actor, None)
    assert refused.value.code == code  # the client still gets the refusal
    assert await _names(gateway) == {"Original"}
    logged = [r for r in caplog.records if getattr(r, "undeclared_code", None) == code]
    assert [r.levelno for r in logged] == ([] if code == "NOT_FOUND" else [logging.ERROR])
    caplog.clear()  # this test provokes the log on purpose (see tests/conftest.py)


def test_a_declaration_names_only_known_codes() -> None:
    with pytest.raises(ValueError, match="NO_SUCH_CODE"):
        UseCase("x", _refusing("NOT_FOUND").run, ("NO_SUCH_CODE",))


def test_idempotent_use_cases_may_also_refuse_a_key() -> None:
    declared = UseCase("x", _refusing("NOT_FOUND").run, ("NOT_FOUND",), idempotent=True)
    assert declared.error_codes == ("IDEMPOTENCY_KEY_REUSED", "INVALID_INPUT", "NOT_FOUND")
