"""Tokens are stored hashed and compared in constant time; no secret reaches the logs."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import pytest
from sqlalchemy import select

from resolvers.accounts import reads as account_reads
from resolvers.core.tables import accounts
from tests.support.client import Gateway, basic_auth
from tests.support.numbers import sign_in


async def test_tokens_are_stored_as_sha256_hashes(gateway: Gateway) -> None:
    created = await sign_in(gateway)
    response = await gateway.gql(
        'mutation { createSubaccount(input: {friendlyName: "Child"}) '
        "{ account { sid } authToken userErrors { code } } }"
    )
    payload = response["createSubaccount"]
    token, sid = payload["authToken"], payload["account"]["sid"]
    async with gateway.engine.connect() as conn:
        rows = (await conn.execute(select(accounts.c.sid, accounts.c.auth_token_hash))).all()
    stored = dict(rows)
    assert stored[sid] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(rows)
    assert created.token not in str(rows)
    data = await gateway.gql("{ viewer { sid } }", auth=basic_auth(sid, token))
    assert data == {"viewer": {"sid": sid}}


async def test_tokens_are_compared_in_constant_time(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    caller = await sign_in(gateway)
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(
        hmac, "compare_digest", spy
    )  # resolvers.core.tokens calls hmac.compare_digest
    wrong = await gateway.post("{ viewer { sid } }", auth=basic_auth(caller.sid, "0" * 32))
    assert wrong.status_code == 401
    assert compared
    assert all(len(a) == len(b) == 64 for a, b in compared)
    assert (await gateway.post("{ viewer { sid } }")).status_code == 200


async def test_no_secret_in_the_logs_of_a_failed_login_or_a_masked_error(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caller = await sign_in(gateway)
    caplog.set_level(logging.DEBUG)
    wrong_token = "f" * 32
    wrong_header = basic_auth(caller.sid, wrong_token)
    assert (await gateway.post("{ viewer { sid } }", auth=wrong_header)).status_code == 401

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database said no")

    monkeypatch.setattr(account_reads, "get_account", broken)
    response = await gateway.post("{ viewer { sid } }")
    assert response.json()["errors"][0]["message"] == "Internal server error"
    assert "the database said no" in caplog.text  # the server log has the real error ...
    logged = caplog.text + "".join(str(record.__dict__) for record in caplog.records)
    for secret in (caller.token, wrong_token, gateway.auth or "", wrong_header):
        assert secret.split()[-1] not in logged  # ... but no token or Authorization header
