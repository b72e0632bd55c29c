"""A page of ``activeNumbers`` or ``availableNumbers`` is written straight from its rows
(``schema.compiled.fused``): the same bytes as the standard executor's answer, without one
dict per object of every item in between."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from resolvers.reads.lazy_nodes import LazyNodes
from tests.compiled.conftest import Seeded
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.numbers import us_numbers
from tests.support.queries import FULL_TREE_FRAGMENT

FULL_TREE_PAGE = (
    """
query Page($first: Int) {
  activeNumbers(first: $first) { totalCount nodes { ...FullTree } }
}
"""
    + FULL_TREE_FRAGMENT
)
ALIASED = """
{
  activeNumbers(first: 20) {
    a: nodes { sid capabilities { voice { fax } } }
    b: nodes { phoneNumber capabilities { sms { inboundMps } } regulatory { address { sid } } }
  }
}
"""
SEARCH = """
{
  availableNumbers(search: { isoCountry: "US" }, first: 20) {
    nodes {
      phoneNumber friendlyName geography { locality latitude }
      pricing { monthlyFee { amount currency } }
    }
  }
}
"""


@pytest.fixture
def nodes_read_one_by_one(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a page's nodes were read as dicts (``LazyNodes`` iterated)."""
    iterations: list[int] = []
    original = LazyNodes.__iter__

    def counted(self: LazyNodes) -> Iterator[Any]:
        iterations.append(len(self))
        return original(self)

    monkeypatch.setattr(LazyNodes, "__iter__", counted)
    return iterations


@pytest.mark.parametrize(
    "query", [FULL_TREE_PAGE, ALIASED, SEARCH], ids=["full", "aliases", "search"]
)
async def test_a_page_is_written_from_its_rows(
    gateway: Gateway, seeded: Seeded, nodes_read_one_by_one: list[int], query: str
) -> None:
    await add_catalog(gateway.engine, [catalog_row(n) for n in us_numbers(8, area="312")])
    compiled = await seeded.both.compiled_json(query, {"first": 50})
    assert nodes_read_one_by_one == []  # no node became a dict on the compiled path
    standard = await seeded.both.standard_json(query, {"first": 50})
    assert compiled == standard
    page = next(iter(orjson.loads(standard)["data"].values()))
    assert all(len(nodes) >= 5 for nodes in page.values() if isinstance(nodes, list))
    assert nodes_read_one_by_one  # the standard path reads them (the test can tell)
