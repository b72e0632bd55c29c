"""Differential for the roots that read one object: ``node`` (every Node type, fragments on the
interface and on each type, nulls for what the viewer cannot see), ``hostedNumberOrder``,
``numberOrder`` and ``reservations``; each served compiled over HTTP."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from gateway.graphql_endpoint import EXECUTOR_HEADER
from resolvers.nodes import NODE_TYPES
from schema.compiled import executor
from tests.compiled.conftest import Busy
from tests.compiled.test_root_trees import plain_tree, root_query
from tests.support.every_mutation import FOR_SALE, order
from tests.support.mutations import create

SIDS = """
{
  viewer { id transactions { nodes { id } } }
  numberEvents(first: 200) { nodes { id nodeType nodeSid } }
  addresses { nodes { id __typename } }
  messagingServices { nodes { id __typename } }
  authorizationDocuments { nodes { id __typename } }
  numberOrders { nodes { id __typename } }
}
"""


def node_query(type_name: str) -> str:
    """``node`` with the whole plain tree of ``type_name`` in an inline fragment, fragments on
    the interface (inline, aliased, and named) around it."""
    return (
        "query Node($id: ID!) { node(id: $id) { __typename ...Identity "
        f"... on Node {{ key: id }} ... on {type_name} {{ {plain_tree(type_name)} }} }} }}\n"
        "fragment Identity on Node { id __typename }"
    )


NODE = node_query("ActiveNumber")
TWO_NODES = """
query Two($a: ID!, $b: ID!) {
  first: node(id: $a) { id ...Identity }
  second: node(id: $b) { ... on Node { id } ... on Account { sid friendlyName } }
}
fragment Identity on Node { __typename }
"""


async def _sid_of_each_type(busy: Busy) -> dict[str, str]:
    """One sid the busy account can see per Node type, found through the standard executor."""
    data = (await busy.both.standard_body(SIDS))["data"]
    found = {"Account": data["viewer"]["id"]}
    found["Transaction"] = data["viewer"]["transactions"]["nodes"][0]["id"]
    for event in data["numberEvents"]["nodes"]:
        found.setdefault("NumberEvent", event["id"])
        found.setdefault(event["nodeType"], event["nodeSid"])
    for listed in ("addresses", "messagingServices", "authorizationDocuments", "numberOrders"):
        node = data[listed]["nodes"][0]
        found[node["__typename"]] = node["id"]
    for resource in ("Application", "Trunk", "IdentityDocument"):
        found[resource] = await create(
            busy.gateway, busy.caller, f"create{resource}", friendlyName=resource
        )
    return found


async def _served_compiled(busy: Busy, query: str, variables: dict[str, Any]) -> None:
    response = await busy.gateway.post(query, variables, auth=busy.caller.auth)
    assert response.status_code == 200, response.text
    assert response.headers[EXECUTOR_HEADER] == "compiled"


def _written_by_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if graphql-core has to complete a response the plan should write."""

    async def completed(*_args: Any) -> Any:
        raise AssertionError("completed by graphql-core, not written by the plan")

    monkeypatch.setattr(executor, "complete_from_roots", completed)


async def test_node_of_every_type(busy: Busy, monkeypatch: pytest.MonkeyPatch) -> None:
    sids = await _sid_of_each_type(busy)
    _written_by_the_plan(monkeypatch)
    assert set(NODE_TYPES) <= set(sids), set(NODE_TYPES) - set(sids)
    for type_name in NODE_TYPES:
        data = await busy.both.same(node_query(type_name), {"id": sids[type_name]})
        assert data["node"]["__typename"] == type_name
        assert data["node"]["key"] == sids[type_name]
    await _served_compiled(busy, NODE, {"id": sids["ActiveNumber"]})


NOT_VISIBLE = {
    "malformed": "nope",
    "an unknown prefix": "ZZ" + "0" * 32,
    "no such number": "PN" + "0" * 32,
}


@pytest.mark.parametrize("case", sorted(NOT_VISIBLE))
async def test_node_not_found_is_null(
    busy: Busy, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written_by_the_plan(monkeypatch)
    data = await busy.both.same(NODE, {"id": NOT_VISIBLE[case]})
    assert data == {"node": None}


async def test_node_of_another_account_is_null(busy: Busy) -> None:
    data = await busy.both.same(NODE, {"id": busy.scene.stranger})
    assert data == {"node": None}
    data = await busy.both.same(TWO_NODES, {"a": busy.scene.stranger, "b": busy.caller.sid})
    assert data["first"] is None
    assert data["second"]["sid"] == busy.caller.sid


async def test_node_of_a_subaccount(busy: Busy) -> None:
    data = await busy.both.same(TWO_NODES, {"a": busy.scene.child.sid, "b": busy.scene.child.sid})
    assert data["first"] == {"id": busy.scene.child.sid, "__typename": "Account"}
    assert data["second"]["friendlyName"] == "Renamed"


ACCOUNT_LEDGER = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Account { transactions { totalCount } subaccounts { sid } }
    ... on ActiveNumber { sid }
  }
}
"""


async def test_node_with_a_resolver_field_on_one_type(busy: Busy) -> None:
    """A type whose selection is not plain data is completed by graphql-core; the others are
    written by the plan, in one document."""
    account = await busy.both.same(ACCOUNT_LEDGER, {"id": busy.caller.sid})
    assert account["node"]["transactions"]["totalCount"] > 0
    assert account["node"]["subaccounts"]
    number = await busy.both.same(ACCOUNT_LEDGER, {"id": busy.scene.numbers[0]})
    assert number["node"]["sid"] == busy.scene.numbers[0]
    await _served_compiled(busy, ACCOUNT_LEDGER, {"id": busy.caller.sid})


async def test_hosted_number_order(busy: Busy) -> None:
    query = root_query("hostedNumberOrder", "(sid: $sid)").replace(
        "{", "query O($sid: String!) {", 1
    )
    data = await busy.both.same(query, {"sid": order(busy.scene)})
    assert data["hostedNumberOrder"]["sid"] == order(busy.scene)
    assert await busy.both.same(query, {"sid": "HR" + "0" * 32}) == {"hostedNumberOrder": None}
    await _served_compiled(busy, query, {"sid": order(busy.scene)})


async def test_reservations(busy: Busy) -> None:
    held = await busy.scene.call(
        "reserveNumbers",
        {"phoneNumbers": [FOR_SALE[1]], "ttlMinutes": 5, "idempotencyKey": "hold-2"},
    )
    assert held["userErrors"] == []
    for arguments in ("", "(first: 1)", f'(accountSid: "{busy.scene.stranger}")'):
        query = root_query("reservations", arguments)
        body = await busy.both.standard_body(query)
        compiled = await busy.both.compiled_body(query)
        assert orjson.dumps(compiled) == orjson.dumps(body)
        assert body.get("errors") or body["data"]["reservations"]["nodes"]
    await _served_compiled(busy, root_query("reservations"), {})


async def test_number_order(busy: Busy) -> None:
    listed = await busy.both.same("{ numberOrders { nodes { sid } } }")
    sid = listed["numberOrders"]["nodes"][0]["sid"]
    query = root_query("numberOrder", "(sid: $sid)").replace("{", "query O($sid: String!) {", 1)
    data = await busy.both.same(query, {"sid": sid})
    assert data["numberOrder"]["sid"] == sid
    assert data["numberOrder"]["numbers"]
    assert await busy.both.same(query, {"sid": "NO" + "0" * 32}) == {"numberOrder": None}
    await _served_compiled(busy, query, {"sid": sid})
