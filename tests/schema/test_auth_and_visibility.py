"""Authentication (HTTP Basic AccountSid:AuthToken) and what each account can see."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from resolvers.core.sids import new_sid
from tests.support.client import Gateway, basic_auth
from tests.support.factories import add_address, add_messaging_service
from tests.support.numbers import Caller, add_number, new_caller, sign_in

VIEWER = "{ viewer { sid status } }"


def _assert_unauthorized(response: httpx.Response, case: str = "") -> None:
    assert response.status_code == 401, (case, response.text)
    assert response.headers["www-authenticate"].startswith("Basic ")
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert "data" not in body
    assert body["errors"]
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


MALFORMED = {
    "missing": None,
    "empty": "",
    "other scheme": "Bearer abc",
    "no credentials": "Basic",
    "not base64": "Basic !!!not-base64!!!",
    "no colon": "Basic " + _b64("no-colon-here"),
    "not a sid": "Basic " + _b64("not-a-sid:token"),
}


async def test_malformed_or_missing_credentials_get_401(gateway: Gateway) -> None:
    await new_caller(gateway.engine)
    for case, header in MALFORMED.items():
        headers = {} if header is None else {"Authorization": header}
        response = await gateway.http.post("/graphql", json={"query": VIEWER}, headers=headers)
        _assert_unauthorized(response, case)


async def test_wrong_unknown_or_closed_credentials_get_401(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    other = await new_caller(gateway.engine)
    closed = await new_caller(gateway.engine, status="CLOSED")
    cases = {
        "wrong token": basic_auth(caller.sid, "0" * 32),
        "empty token": basic_auth(caller.sid, ""),
        "another account's token": basic_auth(caller.sid, other.token),
        "unknown sid": basic_auth(new_sid("AC"), caller.token),
        "closed account": closed.auth,
    }
    for case, header in cases.items():
        _assert_unauthorized(await gateway.post(VIEWER, auth=header), case)
    # the same credentials, right: accepted
    assert (await gateway.gql(VIEWER, auth=caller.auth))["viewer"]["sid"] == caller.sid


async def test_right_credentials_read_as_that_account(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await new_caller(gateway.engine)  # another account: never the viewer
    data = await gateway.gql(VIEWER, auth=caller.auth)
    assert data["viewer"] == {"sid": caller.sid, "status": "ACTIVE"}


async def test_suspended_account_can_still_read(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine, status="SUSPENDED")
    await add_number(gateway.engine, caller.sid, "+14155550100")
    data = await gateway.gql(
        "{ viewer { sid status } activeNumbers { nodes { phoneNumber } } }", auth=caller.auth
    )
    assert data["viewer"] == {"sid": caller.sid, "status": "SUSPENDED"}
    assert data["activeNumbers"]["nodes"] == [{"phoneNumber": "+14155550100"}]


# --- visibility -------------------------------------------------------------------------------


async def _family(gateway: Gateway) -> tuple[Caller, Caller, Caller]:
    """A parent, its subaccount and an unrelated account, each with one number."""
    parent = await new_caller(gateway.engine, name="Parent")
    child = await new_caller(gateway.engine, parent_sid=parent.sid, name="Child")
    stranger = await new_caller(gateway.engine, name="Stranger")
    await add_number(gateway.engine, parent.sid, "+14155550100")
    await add_number(gateway.engine, child.sid, "+14155550200")
    await add_number(gateway.engine, stranger.sid, "+14155550300")
    return parent, child, stranger


def _numbers(data: dict[str, Any]) -> list[str]:
    return [node["phoneNumber"] for node in data["activeNumbers"]["nodes"]]


NUMBERS_OF = """
query ($accountSid: String) { activeNumbers(accountSid: $accountSid) { nodes { phoneNumber } } }
"""


async def test_subaccount_sees_only_itself(gateway: Gateway) -> None:
    parent, child, _ = await _family(gateway)
    parent_number = await add_number(gateway.engine, parent.sid, "+14155550101")
    gateway.auth = child.auth
    data = await gateway.gql(
        """query ($parent: String!, $parentId: ID!, $id: ID!) {
          viewer { sid isSubaccount subaccounts { sid } }
          account(sid: $parent) { sid }
          node(id: $id) { id }
          parentNode: node(id: $parentId) { id }
          activeNumbers { nodes { phoneNumber } }
        }""",
        {"parent": parent.sid, "parentId": parent.sid, "id": parent_number},
    )
    assert data["viewer"] == {"sid": child.sid, "isSubaccount": True, "subaccounts": []}
    assert data["account"] is None
    assert data["node"] is None
    assert data["parentNode"] is None
    assert _numbers(data) == ["+14155550200"]


async def test_subaccount_naming_its_parent_gets_not_found(gateway: Gateway) -> None:
    parent, child, _ = await _family(gateway)
    [error] = await gateway.gql_errors(NUMBERS_OF, {"accountSid": parent.sid}, auth=child.auth)
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == ["accountSid"]
    assert "forbidden" not in error["message"].lower()


async def test_subaccount_cannot_name_a_sibling(gateway: Gateway) -> None:
    parent, child, _ = await _family(gateway)
    sibling = await new_caller(gateway.engine, parent_sid=parent.sid)
    [error] = await gateway.gql_errors(NUMBERS_OF, {"accountSid": sibling.sid}, auth=child.auth)
    assert error["extensions"]["code"] == "NOT_FOUND"
    data = await gateway.gql(
        "query ($s: String!) { account(sid: $s) { sid } }", {"s": sibling.sid}, auth=child.auth
    )
    assert data["account"] is None


async def test_parent_lists_exclude_subaccount_numbers_unless_named(gateway: Gateway) -> None:
    parent, child, _ = await _family(gateway)
    gateway.auth = parent.auth
    assert _numbers(await gateway.gql(NUMBERS_OF)) == ["+14155550100"]
    assert _numbers(await gateway.gql(NUMBERS_OF, {"accountSid": parent.sid})) == ["+14155550100"]
    assert _numbers(await gateway.gql(NUMBERS_OF, {"accountSid": child.sid})) == ["+14155550200"]


async def test_parent_reads_its_subaccounts(gateway: Gateway) -> None:
    parent, child, stranger = await _family(gateway)
    gateway.auth = parent.auth
    data = await gateway.gql(
        """query ($child: String!, $stranger: String!) {
          viewer { sid isSubaccount subaccounts { sid friendlyName isSubaccount } }
          child: account(sid: $child) { sid friendlyName }
          stranger: account(sid: $stranger) { sid }
        }""",
        {"child": child.sid, "stranger": stranger.sid},
    )
    assert data["viewer"] == {
        "sid": parent.sid,
        "isSubaccount": False,
        "subaccounts": [{"sid": child.sid, "friendlyName": "Child", "isSubaccount": True}],
    }
    assert data["child"] == {"sid": child.sid, "friendlyName": "Child"}
    assert data["stranger"] is None


async def test_naming_an_account_that_is_not_visible_is_not_found(gateway: Gateway) -> None:
    parent, _, stranger = await _family(gateway)
    for named in (stranger.sid, new_sid("AC"), "AC123", ""):
        [error] = await gateway.gql_errors(NUMBERS_OF, {"accountSid": named}, auth=parent.auth)
        assert error["extensions"]["code"] == "NOT_FOUND", named
        assert error["extensions"]["twilioCode"] == 20404
        assert error["extensions"]["field"] == ["accountSid"]
        assert "forbidden" not in str(error).lower()
        assert "accountSid" in error["message"]


async def test_the_numbers_of_another_account_are_invisible(gateway: Gateway) -> None:
    parent, child, stranger = await _family(gateway)
    stranger_number = await add_number(gateway.engine, stranger.sid, "+14155550301")
    child_number = await add_number(gateway.engine, child.sid, "+14155550201")
    query = """query ($sid: String!, $id: ID!, $phone: String!) {
      bySid: activeNumber(sid: $sid) { sid }
      byPhone: activeNumber(phoneNumber: $phone) { sid }
      node(id: $id) { id }
    }"""
    data = await gateway.gql(
        query,
        {"sid": stranger_number, "id": stranger_number, "phone": "+14155550301"},
        auth=parent.auth,
    )
    assert data == {"bySid": None, "byPhone": None, "node": None}
    # a subaccount's number: not in the parent's own activeNumber, but reachable by node(id:)
    data = await gateway.gql(
        query, {"sid": child_number, "id": child_number, "phone": "+14155550201"}, auth=parent.auth
    )
    assert data == {"bySid": None, "byPhone": None, "node": {"id": child_number}}


async def test_active_number_by_sid_and_by_phone_number(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    await add_number(gateway.engine, caller.sid, "+14155550101")
    data = await gateway.gql(
        """query ($sid: String!) {
          a: activeNumber(sid: $sid) { sid phoneNumber }
          b: activeNumber(phoneNumber: "+14155550100") { sid phoneNumber }
          c: activeNumber(phoneNumber: "+14155550199") { sid }
        }""",
        {"sid": sid},
    )
    assert data["a"] == data["b"] == {"sid": sid, "phoneNumber": "+14155550100"}
    assert data["c"] is None


async def test_addresses_and_services_of_others_are_invisible(gateway: Gateway) -> None:
    parent, _, stranger = await _family(gateway)
    address = await add_address(gateway.engine, stranger.sid)
    service = await add_messaging_service(gateway.engine, stranger.sid, "Theirs")
    data = await gateway.gql(
        "query ($a: ID!, $m: ID!) { a: node(id: $a) { id } m: node(id: $m) { id } }",
        {"a": address, "m": service},
        auth=parent.auth,
    )
    assert data == {"a": None, "m": None}
