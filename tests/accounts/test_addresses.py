"""createAddress and the ``addresses`` connection."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.client import Gateway
from tests.support.mutations import accepted, call, refusal
from tests.support.numbers import Caller, new_caller, sign_in

VALID = {
    "customerName": "Acme Inc",
    "street": "1 Market St",
    "city": "San Francisco",
    "region": "CA",
    "postalCode": "94105",
    "isoCountry": "US",
}
PAGE = """
query($accountSid: String, $first: Int, $after: String) {
  addresses(accountSid: $accountSid, first: $first, after: $after) {
    totalCount
    nodes { sid friendlyName }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def create_address(gateway: Gateway, caller: Caller, **overrides: Any) -> dict[str, Any]:
    payload = accepted(await call(gateway, caller, "createAddress", **{**VALID, **overrides}))
    address: dict[str, Any] = payload["address"]
    return address


async def test_create_and_read_back(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    address = await create_address(gateway, caller, isoCountry="gb", city="  London ")
    assert address["sid"].startswith("AD")
    assert {k: v for k, v in address.items() if k != "sid"} == {
        "friendlyName": "1 Market St, London",
        "customerName": "Acme Inc",
        "street": "1 Market St",
        "city": "London",
        "region": "CA",
        "postalCode": "94105",
        "isoCountry": "GB",
        "createdAt": "2026-01-15T12:00:00+00:00",
    }
    node = (
        await gateway.gql(
            "query($id: ID!) { node(id: $id) { ... on Address { sid city } } }",
            {"id": address["sid"]},
        )
    )["node"]
    assert node == {"sid": address["sid"], "city": "London"}
    named = await create_address(gateway, caller, friendlyName="HQ")
    assert named["friendlyName"] == "HQ"
    long_default = await create_address(gateway, caller, street="S" * 70)
    assert long_default["friendlyName"] == "S" * 64


async def test_fields_are_checked(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    cases = [
        ({"customerName": ""}, "customerName", "INVALID_INPUT"),
        ({"street": "   "}, "street", "INVALID_INPUT"),
        ({"city": ""}, "city", "INVALID_INPUT"),
        ({"region": ""}, "region", "INVALID_INPUT"),
        ({"postalCode": ""}, "postalCode", "INVALID_INPUT"),
        ({"customerName": "c" * 201}, "customerName", "INVALID_INPUT"),
        ({"street": "s" * 201}, "street", "INVALID_INPUT"),
        ({"city": "c" * 101}, "city", "INVALID_INPUT"),
        ({"region": "r" * 101}, "region", "INVALID_INPUT"),
        ({"postalCode": "1" * 21}, "postalCode", "INVALID_INPUT"),
        ({"isoCountry": "XX"}, "isoCountry", "INVALID_INPUT"),
        ({"isoCountry": "USA"}, "isoCountry", "INVALID_INPUT"),
        ({"isoCountry": ""}, "isoCountry", "INVALID_INPUT"),
        ({"friendlyName": "f" * 65}, "friendlyName", "FRIENDLY_NAME_TOO_LONG"),
    ]
    for overrides, field, code in cases:
        error = refusal(
            await call(gateway, caller, "createAddress", **{**VALID, **overrides}), code
        )
        assert error["field"] == ["input", field], (overrides, error)
    # the longest values that fit are accepted
    await create_address(
        gateway,
        caller,
        customerName="c" * 200,
        street="s" * 200,
        city="c" * 100,
        region="r" * 100,
        postalCode="1" * 20,
        friendlyName="f" * 64,
    )
    total = (await gateway.gql(PAGE))["addresses"]["totalCount"]
    assert total == 1


async def test_for_a_subaccount_only(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    stranger = await new_caller(gateway.engine)
    address = await create_address(gateway, parent, accountSid=child.sid)
    listed = await gateway.gql(PAGE, {"accountSid": child.sid}, auth=parent.auth)
    assert [n["sid"] for n in listed["addresses"]["nodes"]] == [address["sid"]]
    assert (await gateway.gql(PAGE, auth=parent.auth))["addresses"]["totalCount"] == 0
    own = await gateway.gql(PAGE, auth=child.auth)
    assert own["addresses"]["totalCount"] == 1
    refusal(
        await call(gateway, parent, "createAddress", **VALID, accountSid=stranger.sid),
        "NOT_FOUND",
        20404,
    )
    errors = await gateway.gql_errors(PAGE, {"accountSid": stranger.sid}, auth=parent.auth)
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_pages_run_oldest_first(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sids = []
    for name in ("a", "b", "c"):
        gateway.clock.advance(timedelta(minutes=1))
        sids.append((await create_address(gateway, caller, friendlyName=name))["sid"])
    first = (await gateway.gql(PAGE, {"first": 2}))["addresses"]
    assert [n["friendlyName"] for n in first["nodes"]] == ["a", "b"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await gateway.gql(PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    assert [n["sid"] for n in rest["addresses"]["nodes"]] == sids[2:]
    assert rest["addresses"]["pageInfo"]["hasNextPage"] is False
