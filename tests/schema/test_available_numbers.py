"""``availableNumbers``: the tree of a number for sale, the sale rule, paging and SQL counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.catalog import (
    SEARCH_COUNT,
    SEARCH_NUMBERS,
    add_numbers_for_sale,
    found,
    refused,
    sell,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import sign_in, us_numbers

US = {"isoCountry": "US"}

FULL_TREE = """
query Full($search: AvailableNumberSearch!) {
  availableNumbers(search: $search) {
    nodes {
      phoneNumber friendlyName nationalFormat type lifecycle beta
      capabilities {
        voice { inboundConnectivity fax callsPerSecond inboundCallerIdPreservation codecs }
        sms { gsm7 inboundMps }
        mms { outboundConnectivity inboundReachability }
      }
      regulatory { addressRequirements identityRequired identitySid address { sid } }
      geography { isoCountry lata rateCenter latitude longitude region locality postalCode }
      pricing { setupFee { amount currency } monthlyFee { amount currency } }
    }
  }
}
"""

RICH = {
    "type": "TOLLFREE",
    "lifecycle": "BETA",
    "beta": True,
    "voice_fax": True,
    "voice_calls_per_second": 5,
    "voice_caller_id_preservation": "DOMESTIC",
    "voice_codecs": "PCMU,G722",
    "sms_capable": False,
    "mms_outbound": False,
    "mms_inbound_reachability": "GLOBAL",
    "address_requirements": "LOCAL",
    "identity_required": True,
    "setup_fee_minor": 100,
    "monthly_fee_minor": 215,
    "lata": "132",
    "rate_center": "NWYRCYZN01",
    "latitude": 40.7128,
    "longitude": -74.006,
    "region": "NY",
    "locality": "New York",
    "postal_code": "10001",
}


async def test_a_number_for_sale_carries_its_tree_price_and_needs(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(gateway.engine, {"+18005550100": RICH})
    search = {"isoCountry": "US", "type": "TOLLFREE"}
    data = await gateway.gql(FULL_TREE, {"search": search})
    assert data["availableNumbers"]["nodes"] == [
        {
            "phoneNumber": "+18005550100",
            "friendlyName": "(800) 555-0100",
            "nationalFormat": "(800) 555-0100",
            "type": "TOLLFREE",
            "lifecycle": "BETA",
            "beta": True,
            "capabilities": {
                "voice": {
                    "inboundConnectivity": True,
                    "fax": True,
                    "callsPerSecond": 5,
                    "inboundCallerIdPreservation": "DOMESTIC",
                    "codecs": ["PCMU", "G722"],
                },
                "sms": None,
                "mms": {"outboundConnectivity": False, "inboundReachability": "GLOBAL"},
            },
            "regulatory": {
                "addressRequirements": "LOCAL",
                "identityRequired": True,
                "identitySid": None,
                "address": None,
            },
            "geography": {
                "isoCountry": "US",
                "lata": "132",
                "rateCenter": "NWYRCYZN01",
                "latitude": 40.7128,
                "longitude": -74.006,
                "region": "NY",
                "locality": "New York",
                "postalCode": "10001",
            },
            "pricing": {
                "setupFee": {"amount": "1.00", "currency": "USD"},
                "monthlyFee": {"amount": "2.15", "currency": "USD"},
            },
        }
    ]


async def test_only_numbers_for_sale_are_listed(gateway: Gateway) -> None:
    await sign_in(gateway)
    a, b, c, d, e = us_numbers(5)
    await add_numbers_for_sale(
        gateway.engine,
        {
            a: {},
            b: {"state": "aging", "aging_until": T0 - timedelta(days=1)},  # quarantine over
            c: {"state": "aging", "aging_until": T0 + timedelta(days=1)},  # not yet
            d: {"state": "assigned"},
            e: {"state": "reserved"},
        },
    )
    assert await found(gateway, US) == [a, b]
    gateway.clock.advance(timedelta(days=2))
    assert await found(gateway, US) == [a, b, c]


async def test_country_and_type_narrow_the_search(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(
        gateway.engine,
        {
            "+14155550100": {},
            "+18005550100": {"type": "TOLLFREE"},
            "+447400123456": {"type": "MOBILE"},
            "+442071838750": {},
        },
    )
    assert await found(gateway, US) == ["+14155550100"]  # type defaults to LOCAL
    assert await found(gateway, {"isoCountry": "us", "type": "TOLLFREE"}) == ["+18005550100"]
    assert await found(gateway, {"isoCountry": "GB", "type": "MOBILE"}) == ["+447400123456"]
    assert await found(gateway, {"isoCountry": "DE"}) == []
    await refused(gateway, {"isoCountry": "XX"}, ["search", "isoCountry"], "not a known ISO")
    await refused(
        gateway, {"isoCountry": "US", "type": "SHORTCODE"}, ["search", "type"], "not sold"
    )


async def test_pages_are_stable_when_numbers_are_bought_between_them(gateway: Gateway) -> None:
    await sign_in(gateway)
    numbers = us_numbers(6)
    await add_numbers_for_sale(gateway.engine, {n: {} for n in numbers})
    first = await gateway.gql(SEARCH_NUMBERS, {"search": US, "first": 2})
    page = first["availableNumbers"]
    assert [e["node"]["phoneNumber"] for e in page["edges"]] == numbers[:2]
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False

    await sell(gateway.engine, numbers[0], numbers[2])  # one behind the cursor, one ahead
    variables = {"search": US, "first": 2, "after": page["pageInfo"]["endCursor"]}
    second = (await gateway.gql(SEARCH_NUMBERS, variables))["availableNumbers"]
    assert [e["node"]["phoneNumber"] for e in second["edges"]] == numbers[3:5]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["pageInfo"]["hasNextPage"] is True
    variables["after"] = second["pageInfo"]["endCursor"]
    third = (await gateway.gql(SEARCH_NUMBERS, variables))["availableNumbers"]
    assert [e["node"]["phoneNumber"] for e in third["edges"]] == numbers[5:]
    assert third["pageInfo"]["hasNextPage"] is False
    data = await gateway.gql(SEARCH_COUNT, {"search": US})
    assert data["availableNumbers"]["totalCount"] == 4


async def test_page_arguments_are_checked(gateway: Gateway) -> None:
    await sign_in(gateway)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"search": US, "first": 1001}, ["first"]),
        ({"search": US, "after": "not-a-cursor"}, ["after"]),
    ]
    for variables, field in cases:
        [error] = await gateway.gql_errors(SEARCH_NUMBERS, variables)
        assert error["extensions"]["code"] == "INVALID_INPUT"
        assert error["extensions"]["field"] == field


async def _count(gateway: Gateway, query: str, variables: dict[str, Any]) -> int:
    await gateway.gql("{ __typename }")  # signed in: the process remembers the credentials
    with gateway.count_statements() as log:
        await gateway.gql(query, variables)
    return log.count


async def test_a_page_is_one_statement_and_the_count_one_more(gateway: Gateway) -> None:
    """The page is one statement, totalCount another (the sign-in is remembered)."""
    await sign_in(gateway)
    await add_numbers_for_sale(gateway.engine, {n: {} for n in us_numbers(3)})
    search = {**US, "contains": "%555%", "smsEnabled": True, "inRegion": "ca"}
    assert await _count(gateway, FULL_TREE, {"search": search}) == 1
    with_count = FULL_TREE.replace("nodes {", "totalCount nodes {", 1)
    assert await _count(gateway, with_count, {"search": search}) == 2
    assert await _count(gateway, SEARCH_COUNT, {"search": search}) == 1


async def test_contains_examples_from_the_reference(gateway: Gateway) -> None:
    await sign_in(gateway)
    numbers = ["+18775551234", "+14155557306", "+14159790000", "+14157867600"]
    await add_numbers_for_sale(gateway.engine, {n: {} for n in numbers})
    for pattern, expected in [
        ("+1877555", ["+18775551234"]),  # starts with
        ("7306$", ["+14155557306"]),  # ends with
        ("%979%", ["+14159790000"]),
        ("STORM", ["+14157867600"]),  # 78676 on the keypad
        ("storm", ["+14157867600"]),
        ("*7306", ["+14155557306"]),
        ("5*7*0", ["+14155557306", "+14159790000"]),
        ("+1415*", sorted(numbers[1:])),
        ("+14%00$", ["+14159790000", "+14157867600"]),
        ("+1877555", ["+18775551234"]),
        ("1234$", ["+18775551234"]),
        ("12345", []),
    ]:
        assert await found(gateway, {**US, "contains": pattern}) == sorted(expected), pattern


async def test_a_bad_contains_pattern_says_why(gateway: Gateway) -> None:
    await sign_in(gateway)
    field = ["search", "contains"]
    for pattern, reason in [
        ("7", "2 to 16"),
        ("12345678901234567", "2 to 16"),
        ("12-34", "'-' at position 2 is not allowed"),
        ("1%", "at least 2 digits or letters"),
        ("*%", "at least 2 digits or letters"),
        ("12+3", "+ may only lead"),
        ("1$2", "$ may only end"),
        ("ab c", "' ' at position 2"),
    ]:
        await refused(gateway, {**US, "contains": pattern}, field, reason)


async def test_a_repeated_search_reads_the_time_of_each_read(gateway: Gateway) -> None:
    """The same search (its statement kept between reads) sees quarantines and holds end."""
    await sign_in(gateway)
    a, b, c = us_numbers(3)
    await add_numbers_for_sale(
        gateway.engine,
        {
            a: {},
            b: {"state": "aging", "aging_until": T0 + timedelta(hours=1)},
            c: {"held_by": "AC" + "0" * 32, "held_until": T0 + timedelta(hours=2)},
        },
    )
    query = """query S($search: AvailableNumberSearch!) {
      availableNumbers(search: $search) { totalCount nodes { phoneNumber } } }"""
    search = {**US, "contains": a[-4:-1] + "%"}
    seen = []
    for hours in (0, 1, 1):
        gateway.clock.advance(timedelta(hours=hours))
        page = (await gateway.gql(query, {"search": search}))["availableNumbers"]
        seen.append((page["totalCount"], [node["phoneNumber"] for node in page["nodes"]]))
    assert seen == [(1, [a]), (2, [a, b]), (3, [a, b, c])]
