"""Differential: for each query shape the compiled path writes the standard executor's JSON.

The tests only read, so the account of ``Seeded`` is seeded once per backend for the module."""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio

from tests.compiled.conftest import Seeded, seed
from tests.support.client import Gateway
from tests.support.queries import (
    ACTIVE_NUMBER_FULL_TREE,
    ACTIVE_NUMBERS_FULL_TREE,
    FULL_TREE_FRAGMENT,
    NUMBERS_PAGE,
    PHONE_NUMBERS,
)

ACCOUNT_FIELDS = """
  __typename id sid friendlyName status type isSubaccount
  balance { amount currency __typename } createdAt updatedAt
"""

SHAPES: dict[str, tuple[str, dict[str, Any]]] = {
    "full tree page": (ACTIVE_NUMBERS_FULL_TREE, {"first": 20}),
    "full tree, nodes and edges": (
        "query { activeNumbers { nodes { ...FullTree } edges { cursor node { sid } } "
        "totalCount monthlyCost { amount currency } } }" + FULL_TREE_FRAGMENT,
        {},
    ),
    "partial": (
        "{ activeNumbers(first: 4) { nodes { sid phoneNumber capabilities "
        "{ sms { inboundMps } } } } }",
        {},
    ),
    "aliases, same field twice with different sub-selections": (
        """{
          a: activeNumbers(first: 2) { nodes { sid } }
          b: activeNumbers(first: 3, orderBy: {field: FRIENDLY_NAME, direction: DESC}) {
            nodes {
              n: phoneNumber
              caps: capabilities { voice { codecs fax } }
              capabilities { voice { e911 } }
              capabilities { sms { gsm7 } mms { inboundMps } }
              c2: capabilities { voice { callsPerSecond } }
              phoneNumber sid n2: sid
            }
          }
        }""",
        {},
    ),
    "named and inline fragments, nested": (
        """query {
          activeNumbers(first: 5) {
            ... on ActiveNumberConnection { pageInfo { ...Page } }
            nodes { ...Ids ... { billing { ...Fees } } ... on ActiveNumber { type lifecycle } }
          }
        }
        fragment Page on PageInfo { hasNextPage endCursor }
        fragment Ids on ActiveNumber { sid ... on ActiveNumber { phoneNumber ...More } }
        fragment More on ActiveNumber { geography { isoCountry lata latitude } }
        fragment Fees on NumberBilling { monthlyFee { amount } setupFee { currency amount } }
        """,
        {},
    ),
    "@skip/@include with variables (true)": (
        """query Q($yes: Boolean!, $no: Boolean!) {
          activeNumbers(first: 3) {
            nodes {
              sid @include(if: $yes)
              phoneNumber @skip(if: $yes)
              friendlyName @include(if: $no)
              type @skip(if: $no)
              capabilities @include(if: $yes) { voice @skip(if: $no) { fax } sms { gsm7 } }
              ... on ActiveNumber @include(if: $no) { origin }
              ...F @skip(if: $no)
              beta @include(if: true) @skip(if: false)
            }
          }
        }
        fragment F on ActiveNumber { lifecycle status }
        """,
        {"yes": True, "no": False},
    ),
    "@skip/@include with variables (swapped)": (
        """query Q($yes: Boolean!, $no: Boolean!) {
          activeNumbers(first: 3) {
            nodes {
              sid @include(if: $yes)
              phoneNumber @skip(if: $yes)
              friendlyName @include(if: $no)
              type @skip(if: $no)
              capabilities @include(if: $yes) { voice @skip(if: $no) { fax } sms { gsm7 } }
              ... on ActiveNumber @include(if: $no) { origin }
              ...F @skip(if: $no)
              beta @include(if: true) @skip(if: false)
            }
          }
        }
        fragment F on ActiveNumber { lifecycle status }
        """,
        {"yes": False, "no": True},
    ),
    "__typename at several levels": (
        """{
          __typename
          activeNumbers(first: 2) {
            __typename
            edges { __typename cursor node { __typename sid
              capabilities { __typename voice { __typename fax } }
              billing { monthlyFee { __typename amount } }
              messagingService { __typename sid }
              regulatory { address { __typename } } } }
            pageInfo { __typename }
          }
          t: __typename
        }""",
        {},
    ),
    "pagination, forward": (NUMBERS_PAGE, {"first": 3}),
    "pagination, backward": (NUMBERS_PAGE, {"last": 4}),
    "pagination, by purchase date descending": (
        NUMBERS_PAGE,
        {"first": 4, "orderBy": {"field": "PURCHASED_AT", "direction": "DESC"}},
    ),
    "orderBy friendly name": (
        PHONE_NUMBERS,
        {"orderBy": {"field": "FRIENDLY_NAME"}},
    ),
    "orderBy next billing date, descending, literal": (
        "{ activeNumbers(orderBy: {field: NEXT_BILLING_DATE, direction: DESC}) "
        "{ nodes { sid billing { nextBillingDate purchasedAt } } } }",
        {},
    ),
    "filter by type (variables)": (PHONE_NUMBERS, {"filter": {"type": ["MOBILE"]}}),
    "filter by partial number (literal)": (
        '{ activeNumbers(filter: {phoneNumber: "+1212*"}) { totalCount nodes { phoneNumber } } }',
        {},
    ),
    "filter by capability, nothing matches": (
        "{ activeNumbers(filter: {type: [SHORTCODE]}) { totalCount edges { cursor } "
        "nodes { sid } pageInfo { hasNextPage startCursor endCursor } } }",
        {},
    ),
    "variables with defaults": (
        """query Q($first: Int = 2, $dir: OrderDirection = DESC, $f: ActiveNumberFilter = {}) {
          activeNumbers(first: $first, orderBy: {field: PHONE_NUMBER, direction: $dir},
                        filter: $f) {
            nodes { phoneNumber } pageInfo { hasNextPage }
          }
        }""",
        {},
    ),
    "totals only": ("{ activeNumbers { totalCount monthlyCost { amount currency } } }", {}),
    "viewer": ("{ viewer {" + ACCOUNT_FIELDS + "} }", {}),
    "several roots": (
        "query { me: viewer { sid } activeNumbers(first: 1) { nodes { sid } } "
        'activeNumber(phoneNumber: "+14155550100") { sid phoneNumber } }',
        {},
    ),
    "activeNumber absent": (
        'query { activeNumber(phoneNumber: "+14155559999") { sid } }',
        {},
    ),
    "plain number: null voice, address, messagingService, geography": (
        ACTIVE_NUMBER_FULL_TREE,
        {"phoneNumber": "+14155550100"},
    ),
    "rich number": (ACTIVE_NUMBER_FULL_TREE, {"phoneNumber": "+18005550100"}),
    "operation chosen by name": (
        "query A { viewer { sid } } query B { activeNumbers(first: 1) { nodes { phoneNumber } } }",
        {},
    ),
}

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def seeded(module_gateway: Gateway) -> Seeded:
    return await seed(module_gateway)


@pytest.mark.parametrize("name", SHAPES)
async def test_same_json(seeded: Seeded, name: str) -> None:
    query, variables = SHAPES[name]
    operation = "B" if name == "operation chosen by name" else None
    await seeded.both.same(query, variables, operation)


async def test_numbers_by_sid_and_account(seeded: Seeded) -> None:
    both = seeded.both
    data = await both.same(ACTIVE_NUMBER_FULL_TREE, {"sid": seeded.rich.sid})
    assert data["activeNumber"]["messagingService"]["sid"] == seeded.rich.service_sid
    page = await both.same(
        "query Q($a: String) { activeNumbers(accountSid: $a) { totalCount nodes { sid } } }",
        {"a": seeded.subaccount_sid},
    )
    assert page["activeNumbers"]["totalCount"] == 2
    sub = await both.same(
        "query Q($sid: String!) { account(sid: $sid) {" + ACCOUNT_FIELDS + "} }",
        {"sid": seeded.subaccount_sid},
    )
    assert sub["account"]["isSubaccount"] is True
    none = await both.same('{ account(sid: "AC00000000000000000000000000000000") { sid } }')
    assert none == {"account": None}


async def test_next_page_through_cursor(seeded: Seeded) -> None:
    first = await seeded.both.same(NUMBERS_PAGE, {"first": 4})
    cursor = first["activeNumbers"]["pageInfo"]["endCursor"]
    second = await seeded.both.same(NUMBERS_PAGE, {"first": 4, "after": cursor})
    assert second["activeNumbers"]["edges"]
    back = second["activeNumbers"]["pageInfo"]["startCursor"]
    await seeded.both.same(NUMBERS_PAGE, {"last": 2, "before": back})
