"""What a read keeps per document (selections, activeNumbers' and availableNumbers'
statements) never carries one request's caller, variables, page or time into another's
answer; and it is built once for many requests of the same document (counted, not timed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

import resolvers.active_numbers.statements as active_statements
import schema.selection as selection_module
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Caller, Number, add_numbers, sign_in, us_numbers

PAGE = """
query Page($first: Int!, $after: String, $filter: ActiveNumberFilter, $named: Boolean!) {
  activeNumbers(first: $first, after: $after, filter: $filter) {
    nodes { sid phoneNumber friendlyName @include(if: $named) }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
"""


async def _caller_with(gateway: Gateway, numbers: Sequence[Number | str]) -> Caller:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, numbers)
    return caller


def _phones(data: dict[str, Any]) -> list[str]:
    return [node["phoneNumber"] for node in data["activeNumbers"]["nodes"]]


async def test_same_document_answers_each_caller_with_its_own_numbers(gateway: Gateway) -> None:
    first = await _caller_with(gateway, us_numbers(3, start=100))
    second = await _caller_with(gateway, us_numbers(2, start=200, area="212"))
    variables = {"first": 10, "named": False}
    for caller, expected in [(first, 3), (second, 2), (first, 3), (second, 2)]:
        data = await gateway.gql(PAGE, variables, auth=caller.auth)
        prefix = "+1415" if caller is first else "+1212"
        assert len(_phones(data)) == expected
        assert all(phone.startswith(prefix) for phone in _phones(data))
        assert data["activeNumbers"]["totalCount"] == expected


async def test_same_document_follows_its_variables(gateway: Gateway) -> None:
    caller = await _caller_with(
        gateway,
        [Number(phone, owned={"friendly_name": f"line {phone[-3:]}"}) for phone in us_numbers(5)],
    )
    phones = us_numbers(5)
    one = await gateway.gql(PAGE, {"first": 2, "named": True}, auth=caller.auth)
    assert _phones(one) == phones[:2]
    assert one["activeNumbers"]["nodes"][0]["friendlyName"] == "line 100"
    after = one["activeNumbers"]["pageInfo"]["endCursor"]
    two = await gateway.gql(PAGE, {"first": 2, "after": after, "named": False}, auth=caller.auth)
    assert _phones(two) == phones[2:4]
    assert "friendlyName" not in two["activeNumbers"]["nodes"][0]  # @include read again
    three = await gateway.gql(PAGE, {"first": 3, "named": True}, auth=caller.auth)
    assert _phones(three) == phones[:3]
    assert three["activeNumbers"]["nodes"][2]["friendlyName"] == "line 102"
    for pattern, expected in [("line 103", phones[3:4]), ("line 10", phones)]:
        variables = {"first": 10, "named": False, "filter": {"friendlyName": pattern}}
        data = await gateway.gql(PAGE, variables, auth=caller.auth)
        assert _phones(data) == expected
        assert data["activeNumbers"]["totalCount"] == len(expected)


async def test_same_document_reads_at_each_request_time(gateway: Gateway) -> None:
    released = Number(
        us_numbers(1)[0],
        {"state": "aging"},
        {
            "status": "RELEASED",
            "next_billing_date": None,
            "released_at": T0 - timedelta(days=2),
            "restorable_until": T0 + timedelta(days=1),
        },
    )
    caller = await _caller_with(gateway, [released])
    variables = {"first": 5, "named": False, "filter": {"status": ["RELEASED"]}}
    assert _phones(await gateway.gql(PAGE, variables, auth=caller.auth)) == [released.phone_number]
    gateway.clock.advance(timedelta(days=2))  # no longer restorable: not RELEASED any more
    assert _phones(await gateway.gql(PAGE, variables, auth=caller.auth)) == []


async def test_bad_filter_is_refused_every_time(gateway: Gateway) -> None:
    caller = await _caller_with(gateway, us_numbers(1))
    variables = {"first": 5, "named": False, "filter": {"phoneNumber": "+1bad"}}
    for _ in range(2):
        errors = await gateway.gql_errors(PAGE, variables, auth=caller.auth)
        assert errors[0]["extensions"]["field"] == ["filter", "phoneNumber"], errors


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


async def test_selection_and_statements_are_built_once_for_many_requests(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected = _counting(monkeypatch, selection_module, "collect_selection")
    built = _counting(monkeypatch, active_statements, "apply_keyset")
    callers = [await _caller_with(gateway, us_numbers(2, start=100 + 10 * n)) for n in range(3)]
    fresh = f"unique {uuid4()}"  # a filter no other test kept: its statements are new
    query = PAGE.replace("query Page", f"query Page_{uuid4().hex}")  # a new document
    variables = {"first": 10, "named": True, "filter": {"friendlyName": fresh}}
    for caller in callers * 2:
        data = await gateway.gql(query, variables, auth=caller.auth)
        assert data["activeNumbers"]["totalCount"] == 0
    assert len(collected) == 1  # one selection collected for six requests
    assert len(built) == 1  # one page statement built for six requests
    await gateway.gql(query, {**variables, "named": False}, auth=callers[0].auth)
    assert len(collected) == 2  # another value of the @include variable: another selection
