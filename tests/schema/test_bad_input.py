"""Bad input: never a 500 or a stack trace; the error names the argument and the rule."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from resolvers.active_numbers import query as number_reads
from tests.support.client import Gateway
from tests.support.numbers import add_numbers, sign_in, us_numbers
from tests.support.queries import NUMBERS_PAGE

ACTIVE_NUMBER = """
query ($sid: String, $phoneNumber: String) {
  activeNumber(sid: $sid, phoneNumber: $phoneNumber) { sid }
}
"""


def forged_cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(parts))).decode().rstrip("=")


async def invalid(
    gateway: Gateway, query: str, variables: dict[str, Any], *names: str
) -> dict[str, Any]:
    """The one INVALID_INPUT error of a query; its message mentions each of ``names``."""
    errors = await gateway.gql_errors(query, variables)
    assert len(errors) == 1, errors
    [error] = errors
    assert error["extensions"]["code"] == "INVALID_INPUT", error
    assert error["extensions"]["field"], error
    for name in names:
        assert name in error["message"], (name, error)
    assert "Traceback" not in str(error)
    return error


async def _cursor(gateway: Gateway, order: dict[str, str]) -> str:
    page = await gateway.gql(NUMBERS_PAGE, {"first": 1, "orderBy": order})
    cursor: str = page["activeNumbers"]["pageInfo"]["endCursor"]
    return cursor


async def test_page_arguments_are_checked(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(3))
    cursor = await _cursor(gateway, {"field": "PHONE_NUMBER", "direction": "ASC"})
    cases: list[tuple[dict[str, Any], list[str], tuple[str, ...]]] = [
        ({"first": 1001}, ["first"], ("first", "1000")),
        ({"first": -1}, ["first"], ("first", "0")),
        ({"last": 1001}, ["last"], ("last", "1000")),
        ({"last": -5}, ["last"], ("last",)),
        ({"first": 1, "last": 1}, ["last"], ("first", "last")),
        ({"last": 1, "after": cursor}, ["after"], ("after", "first")),
        ({"first": 1, "before": cursor}, ["before"], ("before", "last")),
        ({"after": "garbage"}, ["after"], ("after", "cursor")),
        ({"before": "garbage"}, ["before"], ("before", "cursor")),
        ({"after": ""}, ["after"], ("after", "cursor")),
        ({"after": "!!!"}, ["after"], ("after", "cursor")),
        ({"after": forged_cursor("PHONE_NUMBER", "+1")}, ["after"], ("after",)),
        ({"after": forged_cursor("PHONE_NUMBER", 5, 6)}, ["after"], ("after",)),
        ({"after": forged_cursor("PHONE_NUMBER", ["x"], "PN")}, ["after"], ("after",)),
        (
            {
                "after": forged_cursor("PURCHASED_AT", "yesterday", "PN"),
                "orderBy": {"field": "PURCHASED_AT", "direction": "ASC"},
            },
            ["after"],
            ("after",),
        ),
        (
            {
                "after": forged_cursor("PURCHASED_AT", 17, "PN"),
                "orderBy": {"field": "PURCHASED_AT", "direction": "ASC"},
            },
            ["after"],
            ("after",),
        ),
        (
            {
                "after": forged_cursor("PURCHASED_AT", "2026-01-01T00:00:00+00:00", "PN"),
                "orderBy": {"field": "PURCHASED_AT", "direction": "ASC"},
            },
            ["after"],
            ("after",),
        ),
        ({"after": base64.urlsafe_b64encode(b"\xff\xfe").decode()}, ["after"], ("after",)),
        (
            {"after": cursor, "orderBy": {"field": "FRIENDLY_NAME", "direction": "ASC"}},
            ["after"],
            ("after", "ordering"),
        ),
    ]
    for variables, field, names in cases:
        error = await invalid(gateway, NUMBERS_PAGE, variables, *names)
        assert error["extensions"]["field"] == field, (variables, error)


async def test_a_cursor_keeps_working_in_the_other_direction(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(3))
    cursor = await _cursor(gateway, {"field": "PHONE_NUMBER", "direction": "ASC"})
    desc = {"field": "PHONE_NUMBER", "direction": "DESC"}
    page = await gateway.gql(NUMBERS_PAGE, {"orderBy": desc, "last": 5, "before": cursor})
    assert [e["node"]["phoneNumber"] for e in page["activeNumbers"]["edges"]] == [
        "+14155550102",
        "+14155550101",
    ]


async def test_filter_values_are_checked(gateway: Gateway) -> None:
    await sign_in(gateway)
    near = {"latitude": 37.77, "longitude": -122.42}
    cases: list[tuple[dict[str, Any], list[str], tuple[str, ...]]] = [
        ({"phoneNumber": "+1415555"}, ["filter", "phoneNumber"], ("phoneNumber", "+1415555")),
        ({"phoneNumber": "+1-abc"}, ["filter", "phoneNumber"], ("phoneNumber",)),
        ({"phoneNumber": "415-555"}, ["filter", "phoneNumber"], ("phoneNumber",)),
        ({"phoneNumber": "+1415%"}, ["filter", "phoneNumber"], ("phoneNumber",)),
        ({"phoneNumber": ""}, ["filter", "phoneNumber"], ("phoneNumber",)),
        (
            {"geography": {"isoCountry": "ZZ"}},
            ["filter", "geography", "isoCountry"],
            ("isoCountry", "ZZ"),
        ),
        (
            {"geography": {"isoCountry": "USA"}},
            ["filter", "geography", "isoCountry"],
            ("isoCountry",),
        ),
        (
            {"geography": {"near": {**near, "distanceMiles": 501}}},
            ["filter", "geography", "near", "distanceMiles"],
            ("distanceMiles", "500"),
        ),
        (
            {"geography": {"near": {**near, "distanceMiles": 0}}},
            ["filter", "geography", "near", "distanceMiles"],
            ("distanceMiles",),
        ),
        (
            {"geography": {"near": {**near, "distanceMiles": -3}}},
            ["filter", "geography", "near", "distanceMiles"],
            ("distanceMiles",),
        ),
        (
            {"geography": {"near": {"latitude": 91, "longitude": 0}}},
            ["filter", "geography", "near", "latitude"],
            ("latitude", "90"),
        ),
        (
            {"geography": {"near": {"latitude": 0, "longitude": -180.5}}},
            ["filter", "geography", "near", "longitude"],
            ("longitude", "180"),
        ),
    ]
    for flt, field, names in cases:
        error = await invalid(gateway, NUMBERS_PAGE, {"filter": flt}, *names)
        assert error["extensions"]["field"] == field, (flt, error)


async def test_active_number_needs_exactly_one_of_sid_and_phone_number(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    [sid] = await add_numbers(gateway.engine, caller.sid, ["+14155550100"])
    for variables in ({}, {"sid": sid, "phoneNumber": "+14155550100"}):
        await invalid(gateway, ACTIVE_NUMBER, variables, "sid", "phoneNumber")
    for phone in ("", "+1415555", "not a number"):
        error = await invalid(gateway, ACTIVE_NUMBER, {"phoneNumber": phone}, "phoneNumber")
        assert error["extensions"]["field"] == ["phoneNumber"]


async def test_malformed_queries_are_client_errors(gateway: Gateway) -> None:
    await sign_in(gateway)
    for query, variables in [
        ("{ activeNumbers { nodes { sid }", {}),  # syntax
        ("{ activeNumbers { nodes { nope } } }", {}),  # unknown field
        ('{ activeNumbers(first: "ten") { nodes { sid } } }', {}),  # wrong type
        ("{ activeNumbers(filter: {type: [CELLULAR]}) { nodes { sid } } }", {}),  # enum value
        ("query ($f: Int) { activeNumbers(first: $f) { nodes { sid } } }", {"f": "x"}),
        ("query ($f: Int!) { activeNumbers(first: $f) { nodes { sid } } }", {}),
        ("{ activeNumbers }", {}),  # no selection
    ]:
        response = await gateway.post(query, variables)
        assert response.status_code in (200, 400), (query, response.status_code, response.text)
        body = response.json()
        assert body["errors"], query
        assert not body.get("data"), query
        assert "Traceback" not in response.text


async def test_unexpected_errors_are_masked(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in(gateway)

    async def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail: SELECT * FROM owned_numbers")

    monkeypatch.setattr(number_reads, "list_active_numbers", explode)
    response = await gateway.post("{ viewer { sid } activeNumbers { nodes { sid } } }")
    assert response.status_code == 200
    body = response.json()
    [error] = body["errors"]
    assert error["message"] == "Internal server error"
    assert error["path"] == ["activeNumbers"]
    for leak in ("secret", "SELECT", "owned_numbers", "Traceback", "RuntimeError", "explode"):
        assert leak not in response.text, leak
    assert body["data"] is None  # activeNumbers is non-null: the whole data is null
