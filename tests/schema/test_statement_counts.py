"""Statement counts are part of the contract: depth and width of a selection never add SQL.

A root field costs one statement, and ``activeNumbers`` a second only when ``totalCount`` or
``monthlyCost`` is selected. Checking the credentials costs one more, but only when the process
does not remember them (``gateway.auth_cache``: a caller's first request, or the first after
``GATEWAY_AUTH_CACHE_SECONDS`` or after a mutation); ``_count`` signs in first so that the
counts below are the reads' own, and one test pins the sign-in's statement itself.
"""

from __future__ import annotations

from typing import Any

from tests.support.client import Gateway
from tests.support.numbers import add_numbers, sign_in, us_numbers
from tests.support.queries import (
    ACTIVE_NUMBER_FULL_TREE,
    ACTIVE_NUMBERS_FULL_TREE,
    FULL_TREE_FRAGMENT,
    NODE_FULL_TREE,
)
from tests.support.scenarios import add_plain_number, add_rich_number

# named and inline fragments, aliases of one field with different sub-selections,
# directives driven by variables, __typename at every level
KITCHEN_SINK = (
    """
query KitchenSink($withGeo: Boolean!, $skipBilling: Boolean!, $first: Int) {
  __typename
  numbers: activeNumbers(first: $first) {
    __typename
    edges {
      cursor
      node {
        __typename
        ...FullTree
        ... on ActiveNumber {
          voiceOnly: capabilities { voice { e911 codecs } }
          smsOnly: capabilities { __typename sms { gsm7 inboundMps } }
        }
        ...Names
        geo: geography @include(if: $withGeo) { isoCountry latitude }
        cost: billing @skip(if: $skipBilling) { monthlyFee { amount } }
        skipped: sid @skip(if: true)
        included: sid @include(if: true)
      }
    }
    nodes { ... on Node { id } phoneNumber alsoPhone: phoneNumber }
    pageInfo { ...Page }
    EXTRA
  }
}
fragment Names on ActiveNumber { friendlyName nationalFormat label: friendlyName }
fragment Page on PageInfo { hasNextPage endCursor }
"""
    + FULL_TREE_FRAGMENT
)


def kitchen_sink(extra: str = "") -> str:
    return KITCHEN_SINK.replace("EXTRA", extra)


async def _count(
    gateway: Gateway, query: str, variables: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    await gateway.gql("{ __typename }")  # signed in: the process remembers the credentials
    with gateway.count_statements() as log:
        data = await gateway.gql(query, variables)
    return log.count, data


async def test_full_tree_page_costs_one_statement(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_rich_number(gateway.engine, caller.sid)
    await add_plain_number(gateway.engine, caller.sid)
    count, data = await _count(gateway, ACTIVE_NUMBERS_FULL_TREE)
    assert len(data["activeNumbers"]["edges"]) == 2
    assert count == 1


async def test_new_credentials_cost_one_statement_then_none(gateway: Gateway) -> None:
    """Lowered from one statement on every request (issue #12 item 4)."""
    caller = await sign_in(gateway)
    await add_plain_number(gateway.engine, caller.sid)
    counts = []
    for _ in range(2):
        with gateway.count_statements() as log:
            await gateway.gql(ACTIVE_NUMBERS_FULL_TREE)
        counts.append(log.count)
    assert counts == [2, 1]  # the credentials' check and the page; then the page alone


async def test_fragments_aliases_and_directives_cost_nothing_extra(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    variables = {"withGeo": True, "skipBilling": True, "first": 5}
    count, data = await _count(gateway, kitchen_sink(), variables)
    assert count == 1
    connection = data["numbers"]
    assert connection["__typename"] == "ActiveNumberConnection"
    assert data["__typename"] == "Query"
    node = connection["edges"][0]["node"]
    assert node["__typename"] == "ActiveNumber"
    assert node["sid"] == node["id"] == node["included"] == rich.sid
    assert "skipped" not in node
    assert node["geo"] == {"isoCountry": "US", "latitude": 40.7128}
    assert "cost" not in node
    assert node["voiceOnly"] == {"voice": {"e911": True, "codecs": ["PCMU", "G722"]}}
    assert node["smsOnly"] == {
        "__typename": "Capabilities",
        "sms": {"gsm7": True, "inboundMps": 10},
    }
    assert node["capabilities"]["mms"]["inboundMps"] == 2  # from the fragment, alongside aliases
    assert node["label"] == node["friendlyName"] == "Main line"
    assert connection["nodes"] == [
        {"id": rich.sid, "phoneNumber": "+18005550100", "alsoPhone": "+18005550100"}
    ]
    assert connection["pageInfo"] == {
        "hasNextPage": False,
        "endCursor": connection["edges"][0]["cursor"],
    }

    count, data = await _count(gateway, kitchen_sink(), {"withGeo": False, "skipBilling": False})
    assert count == 1
    node = data["numbers"]["edges"][0]["node"]
    assert "geo" not in node
    assert node["cost"] == {"monthlyFee": {"amount": "2.15"}}


async def test_aggregates_cost_one_more_statement(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_rich_number(gateway.engine, caller.sid)
    await add_plain_number(gateway.engine, caller.sid)
    variables = {"withGeo": True, "skipBilling": False}
    for extra in (
        "totalCount",
        "monthlyCost { amount }",
        "totalCount monthlyCost { amount currency }",
        "n: totalCount m: totalCount c: monthlyCost { amount }",
    ):
        count, data = await _count(gateway, kitchen_sink(extra), variables)
        assert count == 2, extra
        assert len(data["numbers"]["edges"]) == 2
    count, data = await _count(gateway, "{ activeNumbers { totalCount monthlyCost { amount } } }")
    assert count == 1  # no page fields: no page statement
    assert data["activeNumbers"] == {"totalCount": 2, "monthlyCost": {"amount": "3.30"}}
    count, _ = await _count(
        gateway,
        "query ($s: Boolean!) { activeNumbers { totalCount @skip(if: $s) nodes { sid } } }",
        {"s": True},
    )
    assert count == 1  # a skipped aggregate costs nothing


async def test_single_number_reads_cost_one_statement(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    count, data = await _count(gateway, ACTIVE_NUMBER_FULL_TREE, {"sid": rich.sid})
    assert (count, data["activeNumber"]["sid"]) == (1, rich.sid)
    count, data = await _count(gateway, ACTIVE_NUMBER_FULL_TREE, {"phoneNumber": "+18005550100"})
    assert (count, data["activeNumber"]["sid"]) == (1, rich.sid)
    count, data = await _count(gateway, NODE_FULL_TREE, {"id": rich.sid})
    assert (count, data["node"]["sid"], data["node"]["__typename"]) == (1, rich.sid, "ActiveNumber")


async def test_page_size_does_not_change_the_count(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(200))
    counts = {}
    for size in (2, 200):
        count, data = await _count(gateway, ACTIVE_NUMBERS_FULL_TREE, {"first": size})
        assert len(data["activeNumbers"]["edges"]) == size
        counts[size] = count
    assert counts == {2: 1, 200: 1}
