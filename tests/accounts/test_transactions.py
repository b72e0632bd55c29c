"""``Account.transactions``: the ledger as a Relay connection, newest first, keyset-paged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.client import Gateway
from tests.support.mutations import accepted, call
from tests.support.numbers import Caller, new_caller, sign_in

PAGE = """
query($first: Int, $after: String) {
  viewer {
    transactions(first: $first, after: $after) {
      totalCount
      edges { cursor node { sid kind amount { amount } createdAt } }
      nodes { sid }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}
"""


async def top_ups(gateway: Gateway, caller: Caller, amounts: list[str]) -> list[str]:
    """One TOP_UP per amount, an hour apart; their sids in order."""
    sids = []
    for amount in amounts:
        gateway.clock.advance(timedelta(hours=1))
        payload = accepted(await call(gateway, caller, "addFunds", amount=amount))
        sids.append(payload["transaction"]["sid"])
    return sids


async def test_pages_run_newest_first(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sids = await top_ups(gateway, caller, ["1", "2", "3", "4"])
    newest_first = [*reversed(sids)]
    first = (await gateway.gql(PAGE, {"first": 3}))["viewer"]["transactions"]
    assert first["totalCount"] == 5
    assert [e["node"]["sid"] for e in first["edges"]] == newest_first[:3]
    assert [n["sid"] for n in first["nodes"]] == newest_first[:3]
    assert [e["node"]["amount"]["amount"] for e in first["edges"]] == ["4.00", "3.00", "2.00"]
    assert first["edges"][0]["node"]["createdAt"] == "2026-01-15T16:00:00+00:00"
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
    # a new entry does not shift the next page (keyset, not offset)
    await top_ups(gateway, caller, ["9"])
    after = first["pageInfo"]["endCursor"]
    rest = (await gateway.gql(PAGE, {"first": 3, "after": after}))["viewer"]["transactions"]
    kinds = [(e["node"]["sid"], e["node"]["kind"]) for e in rest["edges"]]
    assert [sid for sid, _ in kinds[:1]] == newest_first[3:]
    assert kinds[-1][1] == "TOP_UP"  # the opening balance
    assert len(kinds) == 2
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True


async def test_entries_of_the_same_moment_page_by_sid(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    for _ in range(4):
        accepted(await call(gateway, caller, "addFunds", amount="1"))
    seen: list[str] = []
    after = None
    while True:
        page = (await gateway.gql(PAGE, {"first": 2, "after": after}))["viewer"]["transactions"]
        seen += [n["sid"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)  # all at T0: the sid breaks the tie


async def test_reachable_wherever_an_account_is(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid, balance_minor=250)
    query = """
    query($id: ID!, $sid: String!) {
      viewer { subaccounts { transactions { nodes { accountSid amount { amount } } } } }
      node(id: $id) { ... on Account { transactions(first: 1) { nodes { accountSid } } } }
      account(sid: $sid) { transactions { totalCount } }
    }
    """
    data = await gateway.gql(query, {"id": child.sid, "sid": child.sid}, auth=parent.auth)
    expected: dict[str, Any] = {"accountSid": child.sid, "amount": {"amount": "2.50"}}
    assert data["viewer"]["subaccounts"][0]["transactions"]["nodes"] == [expected]
    assert data["node"]["transactions"]["nodes"] == [{"accountSid": child.sid}]
    assert data["account"]["transactions"]["totalCount"] == 1
    # through a mutation payload too (a minute later, so the top-up is the newest entry)
    gateway.clock.advance(timedelta(minutes=1))
    payload = await gateway.gql(
        'mutation { addFunds(input: {amount: "1"}) '
        "{ account { transactions(first: 1) { nodes { kind amount { amount } } } } } }",
        auth=parent.auth,
    )
    nodes = payload["addFunds"]["account"]["transactions"]["nodes"]
    assert nodes == [{"kind": "TOP_UP", "amount": {"amount": "1.00"}}]


async def test_page_arguments_are_checked(gateway: Gateway) -> None:
    await sign_in(gateway)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"first": 1001}, "first"),
        ({"first": -1}, "first"),
        ({"after": "garbage"}, "after"),
    ]
    for variables, field in cases:
        errors = await gateway.gql_errors(PAGE, variables)
        assert errors[0]["extensions"]["code"] == "INVALID_INPUT", errors
        assert errors[0]["extensions"]["field"] == [field], errors


async def test_one_statement_per_page(gateway: Gateway) -> None:
    await sign_in(gateway)
    query = "{ viewer { transactions(first: 5) { nodes { sid amount { amount } } } } }"
    with gateway.count_statements() as log:
        await gateway.gql(query)
    # authentication, the account, the page
    assert log.count == 3, log.statements
