"""The Shopify-style cost model: static requested cost, actual cost from what came back,
``extensions.cost`` on every response (both executors), and the per-query maximum."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from gateway.app import shared_schema
from gateway.graphql_endpoint import EXECUTOR_HEADER
from gateway.protection.cost import operation_cost
from tests.protection.support import error_of
from tests.support.client import Gateway
from tests.support.numbers import add_numbers, sign_in, us_numbers
from tests.support.queries import ACTIVE_NUMBERS_FULL_TREE


def requested(query: str, variables: dict[str, Any] | None = None) -> int:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return operation_cost(shared_schema()._schema, fragments, operation).requested(variables)


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        ("{ viewer { sid friendlyName } }", None, 1),  # one object, scalars free
        ("{ viewer { sid balance { amount } } }", None, 2),
        ("{ __typename availableCountries { isoCountry } }", None, 1),
        ("{ activeNumbers(first: 10) { nodes { sid } } }", None, 12),  # 2 + first
        ("{ activeNumbers { totalCount pageInfo { hasNextPage } } }", None, 52),  # default 50
        # each node's objects count `first` times: 2 + 10 + 10 * 3
        (
            "{ activeNumbers(first: 10) { nodes { capabilities { voice { fax } sms { gsm7 } } } } }",  # noqa: E501
            None,
            42,
        ),
        ("{ activeNumbers(first: 10) { edges { cursor node { geography { lata } } } } }", None, 22),
        ("query ($n: Int) { activeNumbers(first: $n) { nodes { sid } } }", {"n": 7}, 9),
        ("query ($n: Int = 4) { activeNumbers(first: $n) { nodes { sid } } }", {}, 6),
        ("{ activeNumbers(last: 3) { nodes { sid } } }", None, 5),
        ("{ activeNumbers(first: 5000) { nodes { sid } } }", None, 1002),  # clamped to 1000
        # nested connections multiply: 1 + (2 + 5) for transactions inside viewer
        ("{ viewer { transactions(first: 5) { nodes { sid } } } }", None, 8),
        ("{ a: viewer { sid } b: viewer { sid } }", None, 2),
        ("{ viewer { ...F ...F } } fragment F on Account { balance { amount } }", None, 2),
        ("{ __schema { types { name fields { name } } } }", None, 0),
        (
            'mutation { addFunds(input: {amount: "1"}) { account { balance { amount } } '
            "userErrors { code } } }",
            None,
            10 + 1 + 1 + 1,  # mutation, account, balance, the userErrors list
        ),
    ],
)
def test_requested_cost(query: str, variables: dict[str, Any] | None, cost: int) -> None:
    assert requested(query, variables) == cost


def test_a_full_tree_page_of_500_fits_the_default_maximum() -> None:
    cost = requested(ACTIVE_NUMBERS_FULL_TREE, {"first": 500})
    assert 8000 < cost <= 10_000
    assert requested(ACTIVE_NUMBERS_FULL_TREE, {"first": 1000}) > 10_000


async def test_every_response_reports_its_cost(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(3))
    query = "{ activeNumbers(first: 10) { nodes { sid capabilities { voice { fax } } } } }"
    # request extensions send a query to the standard executor (every read root is compiled)
    for executor, extensions in (("compiled", None), ("standard", {"any": 1})):
        body = {"query": query, **({"extensions": extensions} if extensions else {})}
        response = await gateway.http.post(
            "/graphql", json=body, headers={"Authorization": gateway.auth or ""}
        )
        assert response.headers[EXECUTOR_HEADER] == executor
        cost = response.json()["extensions"]["cost"]
        assert cost["requestedQueryCost"] == 2 + 10 + 10 * 2
        # three numbers came back
        assert cost["actualQueryCost"] == 2 + 3 + 3 * 2
        assert cost["throttleStatus"]["maximumAvailable"] == 10_000
        assert cost["throttleStatus"]["restoreRate"] == 500.0


async def test_the_bucket_is_charged_the_actual_cost(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(2))
    query = "{ activeNumbers(first: 100) { nodes { sid geography { lata } } } }"
    first = (await gateway.post(query)).json()["extensions"]["cost"]
    second = (await gateway.post(query)).json()["extensions"]["cost"]
    assert first["requestedQueryCost"] == 2 + 100 + 100
    assert first["actualQueryCost"] == 2 + 2 + 2
    assert first["throttleStatus"]["currentlyAvailable"] == 10_000 - 6
    assert second["throttleStatus"]["currentlyAvailable"] == 10_000 - 12


async def test_a_query_above_the_maximum_cost_is_refused(gateway: Gateway) -> None:
    await sign_in(gateway)
    response = await gateway.post(ACTIVE_NUMBERS_FULL_TREE, {"first": 1000})
    assert response.status_code == 400
    error = error_of(response)
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["maxCost"] == 10_000
    assert error["extensions"]["cost"] == requested(ACTIVE_NUMBERS_FULL_TREE, {"first": 1000})
    assert f"cost is {error['extensions']['cost']}" in error["message"]
    assert response.json()["extensions"]["cost"]["requestedQueryCost"] > 10_000


async def test_mutations_cost_ten(gateway: Gateway) -> None:
    await sign_in(gateway)
    response = await gateway.post(
        'mutation { addFunds(input: {amount: "5.00"}) { userErrors { code } } }'
    )
    cost = response.json()["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 10 + 1  # the userErrors list of objects
    assert cost["actualQueryCost"] == 11  # no connection below: what was requested


async def test_both_executors_report_the_same_cost(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(4))
    costs = []
    for executor, body in (
        ("compiled", {"query": ACTIVE_NUMBERS_FULL_TREE, "variables": {"first": 20}}),
        # request extensions send a query to the standard executor
        (
            "standard",
            {
                "query": ACTIVE_NUMBERS_FULL_TREE,
                "variables": {"first": 20},
                "extensions": {"any": 1},
            },
        ),
    ):
        response = await gateway.http.post(
            "/graphql", json=body, headers={"Authorization": gateway.auth or ""}
        )
        assert response.headers[EXECUTOR_HEADER] == executor
        cost = response.json()["extensions"]["cost"]
        costs.append((cost["requestedQueryCost"], cost["actualQueryCost"]))
    assert costs[0] == costs[1]
    assert costs[0] == (2 + 20 + 20 * 16, 2 + 4 + 4 * 16)  # 16 objects in a number's tree
