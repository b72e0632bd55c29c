"""Regressions found by the fuzz on PostgreSQL: text holding a NUL character.

PostgreSQL text cannot hold U+0000 (asyncpg: "invalid byte sequence for encoding UTF8: 0x00"),
so ``purchasePhoneNumber(input: {idempotencyKey: "\\u0000", …})`` failed with a masked
internal error on PostgreSQL while SQLite stored the key; so did every other text input that
reached a statement (names, addresses, filters, sids). A NUL anywhere in the variables or in a
string literal is now refused before execution (``gateway.text_input``) on both backends, and
an idempotency key with any other control character is bad input of the mutation.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.mutations import mutation_text
from tests.support.numbers import new_caller
from tests.support.provisioning import PURCHASE, ownerships

NUMBER = "+14155550100"
NUL = "\x00"
ADDRESS = {
    "customerName": f"A{NUL}",
    "street": "1 Main St",
    "city": "San Francisco",
    "region": "CA",
    "postalCode": "94103",
    "isoCountry": "US",
}


async def test_an_idempotency_key_with_a_nul_buys_nothing(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(NUMBER)])
    input_ = {"phoneNumber": NUMBER, "idempotencyKey": f"key{NUL}"}
    [error] = await gateway.gql_errors(PURCHASE, {"input": input_}, auth=caller.auth)
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert "NUL" in error["message"]
    assert await ownerships(gateway.engine, NUMBER) == []


async def test_an_idempotency_key_with_a_newline_is_bad_input(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(NUMBER)])
    input_ = {"phoneNumber": NUMBER, "idempotencyKey": "two\nlines"}
    data = await gateway.gql(PURCHASE, {"input": input_}, auth=caller.auth)
    [error] = data["purchasePhoneNumber"]["userErrors"]
    assert error["code"] == "INVALID_INPUT"
    assert error["field"] == ["input", "idempotencyKey"]
    assert "control characters" in error["message"]
    assert await ownerships(gateway.engine, NUMBER) == []


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (mutation_text("createSubaccount"), {"input": {"friendlyName": f"Shop{NUL}"}}),
        (mutation_text("createAddress"), {"input": ADDRESS}),
        (
            "query($f: ActiveNumberFilter) { activeNumbers(filter: $f) { totalCount } }",
            {"f": {"friendlyName": NUL}},
        ),
        ('{ activeNumber(sid: "PN\\u0000") { sid } }', {}),
        (
            '{ availableNumbers(search: {isoCountry: "US", inLocality: "\\u{0}"}) { totalCount } }',
            {},
        ),
    ],
)
async def test_a_nul_anywhere_is_refused_before_execution(
    gateway: Gateway, query: str, variables: dict[str, Any]
) -> None:
    caller = await new_caller(gateway.engine)
    [error] = await gateway.gql_errors(query, variables, auth=caller.auth)
    assert error["extensions"] == {"code": "INVALID_INPUT"}
    assert error["message"] == "text may not contain NUL characters (U+0000)"


async def test_an_escaped_backslash_is_not_a_nul(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    query = '{ activeNumbers(filter: {friendlyName: "\\\\u0000"}) { totalCount } }'
    data = await gateway.gql(query, auth=caller.auth)
    assert data["activeNumbers"]["totalCount"] == 0
