"""Ordering by every ActiveNumberOrderField and Relay keyset pagination over it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Number, add_numbers, sign_in, us_numbers
from tests.support.queries import NUMBERS_PAGE

ALL_STATUSES = {"status": ["IN_USE", "RELEASED"]}
NAMES = [
    "delta",
    "alpha",
    "charlie",
    "alpha",
    "echo",
    "bravo",
    "delta",
    "foxtrot",
    "alpha",
    "golf",
    "hotel",
    "bravo",
]
PURCHASED_DAYS_AGO = [5, 3, 3, 9, 1, 3, 7, 2, 9, 4, 6, 8]
RELEASED = {4, 9}


@dataclass(frozen=True)
class Row:
    sid: str
    phone_number: str
    friendly_name: str
    purchased_at: datetime
    next_billing_date: datetime | None

    def key(self, field: str) -> Any:
        return {
            "PHONE_NUMBER": self.phone_number,
            "FRIENDLY_NAME": self.friendly_name,
            "PURCHASED_AT": self.purchased_at,
            "NEXT_BILLING_DATE": self.next_billing_date or datetime.max,
        }[field]


async def _seed(gateway: Gateway) -> list[Row]:
    """Twelve numbers whose orderings all differ, with ties and two released numbers."""
    caller = await sign_in(gateway)
    specs = []
    for i, (phone, name, days) in enumerate(
        zip(us_numbers(12), NAMES, PURCHASED_DAYS_AGO, strict=True)
    ):
        purchased = T0 - timedelta(days=days)
        owned: dict[str, Any] = {"friendly_name": name, "purchased_at": purchased}
        if i in RELEASED:
            owned |= {
                "status": "RELEASED",
                "next_billing_date": None,
                "released_at": T0,
                "restorable_until": T0 + timedelta(days=10),  # still restorable: RELEASED
            }
        else:
            # billing dates in yet another order
            owned["next_billing_date"] = T0 + timedelta(days=(i * 7) % 12, hours=i)
        specs.append(Number(phone, owned=owned))
    sids = await add_numbers(gateway.engine, caller.sid, specs)
    return [
        Row(
            sid,
            spec.phone_number,
            spec.owned["friendly_name"],
            spec.owned["purchased_at"],
            spec.owned["next_billing_date"],
        )
        for sid, spec in zip(sids, specs, strict=True)
    ]


def expected_order(rows: list[Row], field: str, direction: str) -> list[str]:
    ordered = sorted(rows, key=lambda row: (row.key(field), row.sid))
    if direction == "DESC":
        ordered.reverse()
    return [row.sid for row in ordered]


async def _page(gateway: Gateway, **arguments: Any) -> dict[str, Any]:
    variables = {"filter": ALL_STATUSES, **arguments}
    connection: dict[str, Any] = (await gateway.gql(NUMBERS_PAGE, variables))["activeNumbers"]
    edges, info = connection["edges"], connection["pageInfo"]
    assert info["startCursor"] == (edges[0]["cursor"] if edges else None)
    assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)
    return connection


async def walk_forward(gateway: Gateway, order: dict[str, str], size: int) -> list[str]:
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await _page(gateway, orderBy=order, first=size, after=after)
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        seen += [edge["node"]["sid"] for edge in page["edges"]]
        assert len(page["edges"]) == size or not info["hasNextPage"]
        if not info["hasNextPage"]:
            return seen
        after = info["endCursor"]
        assert len(seen) < 100, "pagination does not end"


async def walk_backward(gateway: Gateway, order: dict[str, str], size: int) -> list[str]:
    seen: list[str] = []
    before: str | None = None
    while True:
        page = await _page(gateway, orderBy=order, last=size, before=before)
        info = page["pageInfo"]
        assert info["hasNextPage"] is (before is not None)
        seen = [edge["node"]["sid"] for edge in page["edges"]] + seen
        assert len(page["edges"]) == size or not info["hasPreviousPage"]
        if not info["hasPreviousPage"]:
            return seen
        before = info["startCursor"]
        assert len(seen) < 100, "pagination does not end"


@pytest.mark.parametrize(
    "field", ["PHONE_NUMBER", "FRIENDLY_NAME", "PURCHASED_AT", "NEXT_BILLING_DATE"]
)
async def test_every_ordering_pages_forwards_and_backwards(gateway: Gateway, field: str) -> None:
    rows = await _seed(gateway)
    for direction in ("ASC", "DESC"):
        order = {"field": field, "direction": direction}
        expected = expected_order(rows, field, direction)
        # 12 numbers: pages of 5, 5, 2 forwards and of 4, 4, 4 backwards
        assert await walk_forward(gateway, order, 5) == expected, direction
        assert await walk_backward(gateway, order, 4) == expected, direction
        whole = await _page(gateway, orderBy=order, first=100)
        assert [e["node"]["sid"] for e in whole["edges"]] == expected, direction
        assert whole["pageInfo"]["hasNextPage"] is False


async def test_released_numbers_sort_last_by_next_billing_date(gateway: Gateway) -> None:
    rows = await _seed(gateway)
    released = {row.sid for row in rows if row.next_billing_date is None}
    query = """query ($order: ActiveNumberOrder) {
      activeNumbers(filter: {status: [IN_USE, RELEASED]}, orderBy: $order) {
        nodes { sid status billing { nextBillingDate } }
      }
    }"""
    for direction in ("ASC", "DESC"):
        order = {"field": "NEXT_BILLING_DATE", "direction": direction}
        nodes = (await gateway.gql(query, {"order": order}))["activeNumbers"]["nodes"]
        dates = [node["billing"]["nextBillingDate"] for node in nodes]
        ends = nodes[-2:] if direction == "ASC" else nodes[:2]
        assert {node["sid"] for node in ends} == released
        assert {node["status"] for node in ends} == {"RELEASED"}
        known = [d for d in dates if d is not None]
        assert known == sorted(known, reverse=direction == "DESC")
        assert len(known) == 10


async def test_default_order_is_phone_number_ascending(gateway: Gateway) -> None:
    rows = await _seed(gateway)
    page = await _page(gateway)
    assert [e["node"]["sid"] for e in page["edges"]] == expected_order(rows, "PHONE_NUMBER", "ASC")
    page = await _page(gateway, orderBy={"field": "FRIENDLY_NAME"})  # direction defaults to ASC
    assert [e["node"]["sid"] for e in page["edges"]] == expected_order(rows, "FRIENDLY_NAME", "ASC")


async def test_last_without_before_is_the_end_of_the_list(gateway: Gateway) -> None:
    rows = await _seed(gateway)
    page = await _page(gateway, last=3)
    assert [e["node"]["sid"] for e in page["edges"]] == expected_order(rows, "PHONE_NUMBER", "ASC")[
        -3:
    ]
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["pageInfo"]["hasNextPage"] is False


async def test_first_zero_returns_no_edges(gateway: Gateway) -> None:
    await _seed(gateway)
    page = await _page(gateway, first=0)
    assert page["edges"] == []
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }
    page = await _page(gateway, first=0, filter={"phoneNumber": "+14155559999"})
    assert page["pageInfo"]["hasNextPage"] is False


async def test_first_defaults_to_50_and_allows_1000(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(60))
    page = await _page(gateway)
    assert len(page["edges"]) == 50
    assert page["pageInfo"]["hasNextPage"] is True
    page = await _page(gateway, first=1000)
    assert len(page["edges"]) == 60
    assert page["pageInfo"]["hasNextPage"] is False


async def test_a_cursor_survives_inserts_before_it(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(6, start=200))
    first = await _page(gateway, first=3)
    seen = [e["node"]["phoneNumber"] for e in first["edges"]]
    assert seen == ["+14155550200", "+14155550201", "+14155550202"]
    # numbers that sort before the cursor (and one after it) appear meanwhile
    await add_numbers(gateway.engine, caller.sid, [*us_numbers(5, start=100), "+14155550299"])
    after = await _page(gateway, first=3, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["phoneNumber"] for e in after["edges"]] == [
        "+14155550203",
        "+14155550204",
        "+14155550205",
    ]
    before = await _page(gateway, last=10, before=first["pageInfo"]["startCursor"])
    assert [e["node"]["phoneNumber"] for e in before["edges"]] == us_numbers(5, start=100)


async def test_a_cursor_survives_the_row_it_points_at_leaving(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sids = await add_numbers(gateway.engine, caller.sid, us_numbers(4))
    first = await _page(gateway, first=2, filter={"status": ["IN_USE"]})
    assert [e["node"]["sid"] for e in first["edges"]] == sids[:2]
    page = await _page(
        gateway,
        first=2,
        after=first["pageInfo"]["endCursor"],
        filter={"status": ["IN_USE"], "phoneNumber": "+1415555****"},
    )
    assert [e["node"]["sid"] for e in page["edges"]] == sids[2:]


async def test_totals_cover_the_whole_filtered_set_not_the_page(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    fees = [115, 100, 250, 1000, 5, 999]
    specs = [
        Number(phone, {"region": "CA" if i % 2 == 0 else "NY"}, {"monthly_fee_minor": fee})
        for i, (phone, fee) in enumerate(zip(us_numbers(6), fees, strict=True))
    ]
    specs.append(
        Number(
            "+14155550900",
            {"region": "CA"},
            {
                "monthly_fee_minor": 7777,
                "status": "RELEASED",
                "next_billing_date": None,
                "released_at": T0,
                "restorable_until": T0 + timedelta(days=10),
            },
        )
    )
    await add_numbers(gateway.engine, caller.sid, specs)
    other = await sign_in(gateway)  # another account's numbers never count
    await add_numbers(gateway.engine, other.sid, [Number("+14155550950", {"region": "CA"})])
    gateway.auth = caller.auth
    query = """query ($filter: ActiveNumberFilter, $first: Int, $after: String) {
      activeNumbers(filter: $filter, first: $first, after: $after) {
        totalCount monthlyCost { amount currency } nodes { sid }
        pageInfo { endCursor }
      }
    }"""
    ca = {"geography": {"region": "CA"}}
    first = (await gateway.gql(query, {"filter": ca, "first": 1}))["activeNumbers"]
    assert len(first["nodes"]) == 1
    assert first["totalCount"] == 3
    assert first["monthlyCost"] == {"amount": "3.70", "currency": "USD"}  # 1.15 + 2.50 + 0.05
    second = (
        await gateway.gql(
            query, {"filter": ca, "first": 1, "after": first["pageInfo"]["endCursor"]}
        )
    )["activeNumbers"]
    assert (second["totalCount"], second["monthlyCost"]) == (
        first["totalCount"],
        first["monthlyCost"],
    )
    everything = (await gateway.gql(query, {"first": 0}))["activeNumbers"]
    assert everything["totalCount"] == 6
    assert everything["monthlyCost"]["amount"] == "24.69"
    released = (await gateway.gql(query, {"filter": {**ca, "status": ["RELEASED"]}}))[
        "activeNumbers"
    ]
    assert (released["totalCount"], released["monthlyCost"]["amount"]) == (1, "77.77")
    nothing = (await gateway.gql(query, {"filter": {"phoneNumber": "999"}}))["activeNumbers"]
    assert nothing["totalCount"] == 0
    assert nothing["monthlyCost"] == {"amount": "0.00", "currency": "USD"}
