"""createApplication, createTrunk, createIdentityDocument, and reading them back by node."""

from __future__ import annotations

import pytest

from tests.support.client import Gateway
from tests.support.mutations import accepted, call, create, refusal
from tests.support.numbers import new_caller, sign_in

KINDS = [
    ("createApplication", "application", "AP", "Application"),
    ("createTrunk", "trunk", "TK", "Trunk"),
    ("createIdentityDocument", "identityDocument", "RI", "IdentityDocument"),
]
NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Application { sid accountSid friendlyName createdAt }
    ... on Trunk { sid accountSid friendlyName createdAt }
    ... on IdentityDocument { sid accountSid friendlyName status createdAt }
  }
}
"""


@pytest.mark.parametrize(("mutation", "field", "prefix", "typename"), KINDS)
async def test_create_and_read_back(
    gateway: Gateway, mutation: str, field: str, prefix: str, typename: str
) -> None:
    caller = await sign_in(gateway)
    payload = accepted(await call(gateway, caller, mutation, friendlyName="  Front desk  "))
    created = payload[field]
    assert created["sid"].startswith(prefix)
    assert created["id"] == created["sid"]
    assert created["accountSid"] == caller.sid
    assert created["friendlyName"] == "Front desk"
    assert created["createdAt"] == "2026-01-15T12:00:00+00:00"
    if typename == "IdentityDocument":
        assert created["status"] == "VERIFIED"
    node = (await gateway.gql(NODE, {"id": created["sid"]}))["node"]
    assert node == {"__typename": typename, **created}


@pytest.mark.parametrize(("mutation", "field", "prefix", "typename"), KINDS)
async def test_names_are_checked(
    gateway: Gateway, mutation: str, field: str, prefix: str, typename: str
) -> None:
    caller = await sign_in(gateway)
    error = refusal(
        await call(gateway, caller, mutation, friendlyName="n" * 65), "FRIENDLY_NAME_TOO_LONG"
    )
    assert error["field"] == ["input", "friendlyName"]
    error = refusal(await call(gateway, caller, mutation, friendlyName="   "), "INVALID_INPUT")
    assert error["field"] == ["input", "friendlyName"]
    accepted(await call(gateway, caller, mutation, friendlyName="n" * 64))


async def test_a_parent_creates_for_its_subaccount_only(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    stranger = await new_caller(gateway.engine)
    sid = await create(gateway, parent, "createTrunk", friendlyName="T", accountSid=child.sid)
    node = (await gateway.gql(NODE, {"id": sid}, auth=child.auth))["node"]
    assert node["accountSid"] == child.sid
    # the parent sees its subaccount's trunk; a stranger does not
    assert (await gateway.gql(NODE, {"id": sid}, auth=parent.auth))["node"]["sid"] == sid
    assert (await gateway.gql(NODE, {"id": sid}, auth=stranger.auth))["node"] is None
    error = refusal(
        await call(gateway, parent, "createTrunk", friendlyName="T", accountSid=stranger.sid),
        "NOT_FOUND",
        20404,
    )
    assert error["field"] == ["input", "accountSid"]
    # a subaccount cannot create for its parent
    refusal(
        await call(gateway, child, "createApplication", friendlyName="A", accountSid=parent.sid),
        "NOT_FOUND",
        20404,
    )
