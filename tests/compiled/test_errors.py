"""Errors of eligible queries: the compiled path answers them itself, with the standard body.

A resolver's ``GatewayError`` (``first: 5000``, a forged cursor, a bad filter value) and a row
the writer will not write are completed with graphql-core's rules from the root values already
resolved: the body is byte for byte the standard executor's, the standard executor is not
called, and no statement runs twice.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
import strawberry
from sqlalchemy import update

from gateway.graphql_endpoint import EXECUTOR_HEADER
from resolvers.active_numbers import query as number_reads
from resolvers.core.tables import catalog_numbers
from schema.errors import MASKED_MESSAGE
from tests.compiled.conftest import Seeded
from tests.support.client import Gateway

ERROR_CASES: dict[str, str] = {
    "first above the maximum": "{ activeNumbers(first: 5000) { totalCount nodes { sid } } }",
    "forged cursor": '{ activeNumbers(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { sid } } }',
    "bad filter value": (
        '{ activeNumbers(filter: { phoneNumber: "41x5" }) { nodes { sid phoneNumber } } }'
    ),
    "two ways to name a number": (
        '{ activeNumber(sid: "PN1", phoneNumber: "+14155550100") { sid } }'
    ),
    "a failing root beside a served one": (
        "{ viewer { sid friendlyName } numbers: activeNumbers(first: 5000) { totalCount } }"
    ),
    "a nullable failing root beside a served one": (
        '{ viewer { sid } one: activeNumber(sid: "PN1", phoneNumber: "+1") { sid } }'
    ),
}


@pytest.mark.parametrize("name", ERROR_CASES)
async def test_error_bodies_are_the_standard_bodies(seeded: Seeded, name: str) -> None:
    query = ERROR_CASES[name]
    standard = await seeded.both.standard_body(query)
    compiled = await seeded.both.compiled_body(query)
    assert compiled is not None, "the compiled path declined a query it can plan"
    assert standard["errors"], standard
    assert orjson.dumps(compiled) == orjson.dumps(standard)


async def _make_types_unknown(gateway: Gateway) -> None:
    """A catalog type outside the NumberType enum: the plan's writer refuses it."""
    async with gateway.engine.begin() as conn:
        await conn.execute(update(catalog_numbers).values(type="PAGER"))


REFUSED_ROW_QUERY = "{ activeNumbers(first: 3) { nodes { sid type } } }"


async def test_a_row_the_writer_refuses_is_completed_by_graphql_core(
    gateway: Gateway, seeded: Seeded
) -> None:
    await _make_types_unknown(gateway)
    standard = await seeded.both.standard_body(REFUSED_ROW_QUERY)
    compiled = await seeded.both.compiled_body(REFUSED_ROW_QUERY)
    assert compiled is not None
    assert "PAGER" in standard["errors"][0]["message"], standard
    assert orjson.dumps(compiled) == orjson.dumps(standard)


def _spy_on_the_standard_executor(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    runs: list[str | None] = []
    original = strawberry.Schema.execute

    async def spied(self: strawberry.Schema, query: str | None, *args: Any, **kw: Any) -> Any:
        runs.append(query)
        return await original(self, query, *args, **kw)

    monkeypatch.setattr(strawberry.Schema, "execute", spied)
    return runs


@pytest.mark.parametrize(
    "name",
    [
        "first above the maximum",
        "forged cursor",
        "bad filter value",
        "a nullable failing root beside a served one",
    ],
)
async def test_over_http_the_standard_executor_is_not_called(
    gateway: Gateway, seeded: Seeded, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    query = ERROR_CASES[name]
    with gateway.count_statements() as log:
        standard = orjson.dumps(await seeded.both.standard_body(query))
    statements = log.count
    standard_runs = _spy_on_the_standard_executor(monkeypatch)
    with gateway.count_statements() as log:
        response = await gateway.post(query)
    assert response.status_code == 200
    assert response.headers[EXECUTOR_HEADER] == "compiled"
    assert standard_runs == []
    assert log.count == 1 + statements  # authentication, then each statement once
    body = orjson.loads(response.content)
    assert body.pop("extensions")["cost"]["requestedQueryCost"] >= 0
    assert orjson.dumps(body) == standard


async def test_sql_already_run_is_not_run_again(
    gateway: Gateway, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the compiled path threw its rows away and the standard executor ran the SQL
    again: now a failing root next to ``viewer``, or a row the writer refuses, cost one
    statement (the sign-in is remembered from a first request)."""
    await gateway.gql("{ __typename }")
    await _make_types_unknown(gateway)
    standard_runs = _spy_on_the_standard_executor(monkeypatch)
    for query in (ERROR_CASES["a nullable failing root beside a served one"], REFUSED_ROW_QUERY):
        with gateway.count_statements() as log:
            response = await gateway.post(query)
        assert response.headers[EXECUTOR_HEADER] == "compiled"
        assert response.json()["errors"], response.text
        assert log.count == 1, log.statements  # the one read
    assert standard_runs == []


async def test_unexpected_errors_are_masked_alike(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail: SELECT * FROM owned_numbers")

    monkeypatch.setattr(number_reads, "list_active_numbers", explode)
    query = "{ viewer { sid } activeNumbers { nodes { sid } } }"
    standard = await seeded.both.standard_body(query)
    compiled = await seeded.both.compiled_body(query)
    assert compiled is not None
    assert standard["errors"][0]["message"] == MASKED_MESSAGE
    assert orjson.dumps(compiled) == orjson.dumps(standard)
