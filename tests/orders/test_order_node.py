"""The stored order: createNumberOrder's payload returns it, ``node``/``numberOrder`` read it,
``numberOrders`` lists it newest first with filters and cursors, each only to its account and
the account's parent; its lines are read in one statement for a whole page."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from tests.orders.test_number_orders import SF, _catalog
from tests.support.client import Gateway
from tests.support.factories import add_account
from tests.support.provisioning import Buyer, new_buyer, ok, purchase, refused

LINE_FIELDS = "position requested status phoneNumber activeNumberSid transactionSid code message"
ORDER_FIELDS = f"""
  __typename id sid accountSid status allowPartial areaCode requestedCount purchasedCount
  refusedCount createdAt numbers {{ {LINE_FIELDS} }}
  totals {{ setupFees {{ amount }} monthlyFees {{ amount }} charged {{ amount currency }} }}
"""
PLACE = f"""
mutation($input: CreateNumberOrderInput!) {{
  createNumberOrder(input: $input) {{
    purchasedCount numbers {{ {LINE_FIELDS} }}
    order {{ {ORDER_FIELDS} }}
    userErrors {{ code field message twilioCode }}
  }}
}}
"""
BY_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on NumberOrder {{ {ORDER_FIELDS} }} }} }}"
BY_SID = f"query($sid: String!) {{ numberOrder(sid: $sid) {{ {ORDER_FIELDS} }} }}"
LIST = """
query($status: [NumberOrderStatus!], $createdAfter: DateTime, $createdBefore: DateTime,
      $accountSid: String, $first: Int, $after: String) {
  numberOrders(status: $status, createdAfter: $createdAfter, createdBefore: $createdBefore,
               accountSid: $accountSid, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { sid status numbers { phoneNumber status } } }
    nodes { sid createdAt }
  }
}
"""


async def place(gateway: Gateway, buyer: Buyer, **input_: Any) -> dict[str, Any]:
    input_.setdefault("idempotencyKey", uuid.uuid4().hex)
    data = await gateway.gql(PLACE, {"input": input_}, auth=buyer.auth)
    payload: dict[str, Any] = data["createNumberOrder"]
    return payload


async def listed(gateway: Gateway, buyer: Buyer, **variables: Any) -> dict[str, Any]:
    data = await gateway.gql(LIST, variables, auth=buyer.auth)
    found: dict[str, Any] = data["numberOrders"]
    return found


async def test_the_payload_returns_the_stored_order_and_node_reads_it_back(
    gateway: Gateway,
) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    payload = ok(await place(gateway, buyer, phoneNumbers=SF[:2]))
    stored = payload["order"]
    assert stored["sid"].startswith("NO")
    assert stored["id"] == stored["sid"]
    assert stored["__typename"] == "NumberOrder"
    assert (stored["status"], stored["accountSid"]) == ("COMPLETED", buyer.sid)
    assert (stored["requestedCount"], stored["purchasedCount"], stored["refusedCount"]) == (2, 2, 0)
    assert stored["numbers"] == payload["numbers"]
    # _catalog: setup 1.00 + monthly 1.15 a number
    totals = stored["totals"]
    assert (totals["setupFees"]["amount"], totals["monthlyFees"]["amount"]) == ("2.00", "2.30")
    assert totals["charged"] == {"amount": "4.30", "currency": "USD"}
    by_node = await gateway.gql(BY_NODE, {"id": stored["id"]}, auth=buyer.auth)
    by_sid = await gateway.gql(BY_SID, {"sid": stored["sid"]}, auth=buyer.auth)
    assert by_node["node"] == stored == by_sid["numberOrder"]


async def test_a_partial_order_is_stored_with_a_status_per_number(gateway: Gateway) -> None:
    buyer, other = await new_buyer(gateway.engine), await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    ok(await purchase(gateway, other, phoneNumber=SF[1]))
    payload = ok(await place(gateway, buyer, phoneNumbers=SF, allowPartial=True))
    stored = payload["order"]
    assert (stored["status"], stored["allowPartial"], stored["refusedCount"]) == (
        "PARTIAL",
        True,
        1,
    )
    assert [(line["status"], line["code"]) for line in stored["numbers"]] == [
        ("PURCHASED", None),
        ("REFUSED", "NUMBER_NOT_AVAILABLE"),
        ("PURCHASED", None),
    ]
    assert stored["totals"]["charged"]["amount"] == "4.30"
    failed = ok(await place(gateway, buyer, phoneNumbers=[SF[1]], allowPartial=True))["order"]
    assert (failed["status"], failed["totals"]["charged"]["amount"]) == ("FAILED", "0.00")


async def test_an_area_code_order_remembers_its_area_code(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    stored = ok(await place(gateway, buyer, areaCode="415", quantity=2))["order"]
    assert stored["areaCode"] == "415"
    assert [line["requested"] for line in stored["numbers"]] == ["415", "415"]


async def test_a_refused_all_or_nothing_order_leaves_no_order(gateway: Gateway) -> None:
    buyer, other = await new_buyer(gateway.engine), await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    ok(await purchase(gateway, other, phoneNumber=SF[1]))
    refused(await place(gateway, buyer, phoneNumbers=SF), "NUMBER_NOT_AVAILABLE", 21422)
    assert (await listed(gateway, buyer))["totalCount"] == 0


async def test_a_replayed_key_returns_the_same_order(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    first = ok(await place(gateway, buyer, phoneNumbers=SF[:2], idempotencyKey="same"))
    again = ok(await place(gateway, buyer, phoneNumbers=SF[:2], idempotencyKey="same"))
    assert again["order"] == first["order"]
    assert (await listed(gateway, buyer))["totalCount"] == 1


async def test_orders_are_listed_newest_first_filtered_and_paged(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    sids = []
    for number in SF:
        sids.append(ok(await place(gateway, buyer, phoneNumbers=[number]))["order"]["sid"])
        gateway.clock.advance(timedelta(minutes=1))
    ok(await place(gateway, buyer, phoneNumbers=[SF[0]], allowPartial=True))  # FAILED
    done = await listed(gateway, buyer, status=["COMPLETED"], first=2)
    assert [edge["node"]["sid"] for edge in done["edges"]] == sids[::-1][:2]
    assert (done["totalCount"], done["pageInfo"]["hasNextPage"]) == (3, True)
    assert done["edges"][0]["node"]["numbers"] == [{"phoneNumber": SF[2], "status": "PURCHASED"}]
    rest = await listed(gateway, buyer, status=["COMPLETED"], after=done["pageInfo"]["endCursor"])
    assert [node["sid"] for node in rest["nodes"]] == [sids[0]]
    assert rest["pageInfo"]["hasNextPage"] is False
    failed = await listed(gateway, buyer, status=["FAILED", "PARTIAL"])
    assert failed["edges"][0]["node"]["numbers"] == [{"phoneNumber": None, "status": "REFUSED"}]
    second = done["nodes"][1]["createdAt"]
    window = await listed(
        gateway, buyer, createdAfter=second, createdBefore=done["nodes"][0]["createdAt"]
    )
    assert [node["sid"] for node in window["nodes"]] == [sids[1]]


async def test_a_page_of_orders_reads_its_lines_in_one_statement(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    for number in SF:
        ok(await place(gateway, buyer, phoneNumbers=[number]))
    query = "{ numberOrders { nodes { sid numbers { phoneNumber } } } }"
    with gateway.count_statements() as log:
        data = await gateway.gql(query, auth=buyer.auth)
    assert len(data["numberOrders"]["nodes"]) == 3
    order_reads = [s for s in log.statements if "number_order" in s]
    assert len(order_reads) == 2, order_reads  # the page, then every line of the page at once
    with gateway.count_statements() as log:
        await gateway.gql("{ numberOrders { nodes { sid } } }", auth=buyer.auth)
    assert [s for s in log.statements if "number_order_lines" in s] == []


async def test_a_parent_sees_its_subaccounts_orders_and_no_one_else_does(
    gateway: Gateway,
) -> None:
    parent = await new_buyer(gateway.engine)
    child_account = await add_account(gateway.engine, parent_sid=parent.sid)
    child = Buyer(child_account.sid, child_account.token)
    stranger = await new_buyer(gateway.engine)
    await _catalog(gateway, SF)
    stored = ok(await place(gateway, parent, phoneNumbers=SF[:1], accountSid=child.sid))["order"]
    assert stored["accountSid"] == child.sid
    assert [n["sid"] for n in (await listed(gateway, child))["nodes"]] == [stored["sid"]]
    assert (await listed(gateway, parent, accountSid=child.sid))["totalCount"] == 1
    assert (await listed(gateway, parent))["totalCount"] == 0  # the parent's own orders
    for caller, visible in ((parent, True), (child, True), (stranger, False)):
        by_sid = await gateway.gql(BY_SID, {"sid": stored["sid"]}, auth=caller.auth)
        by_node = await gateway.gql(BY_NODE, {"id": stored["sid"]}, auth=caller.auth)
        assert (by_sid["numberOrder"] is not None) is visible
        assert (by_node["node"] is not None) is visible
    errors = await gateway.gql_errors(LIST, {"accountSid": child.sid}, auth=stranger.auth)
    assert errors[0]["message"]
