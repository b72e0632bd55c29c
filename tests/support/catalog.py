"""Catalog numbers for search tests, and the search queries they send."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import catalog_numbers
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row

SEARCH_NUMBERS = """
query Search($search: AvailableNumberSearch!, $first: Int, $after: String) {
  availableNumbers(search: $search, first: $first, after: $after) {
    edges { cursor node { phoneNumber } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

SEARCH_COUNT = """
query Count($search: AvailableNumberSearch!) {
  availableNumbers(search: $search) { totalCount }
}
"""


async def add_numbers_for_sale(engine: AsyncEngine, numbers: dict[str, dict[str, Any]]) -> None:
    """Catalog rows (factory defaults: a US local number for sale) with per-number overrides."""
    rows = [catalog_row(number, **overrides) for number, overrides in numbers.items()]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        await add_catalog(engine, group)


async def sell(engine: AsyncEngine, *numbers: str) -> None:
    """Someone bought these numbers (as a purchase leaves the catalog row)."""
    async with engine.begin() as conn:
        await conn.execute(
            update(catalog_numbers)
            .where(catalog_numbers.c.phone_number.in_(numbers))
            .values(state="assigned")
        )


async def found(gateway: Gateway, search: dict[str, Any], first: int = 1000) -> list[str]:
    """The phone numbers of one page of ``availableNumbers``."""
    data = await gateway.gql(SEARCH_NUMBERS, {"search": search, "first": first})
    return [edge["node"]["phoneNumber"] for edge in data["availableNumbers"]["edges"]]


async def refused(gateway: Gateway, search: dict[str, Any], field: list[str], reason: str) -> None:
    """The search fails with INVALID_INPUT naming ``field``, its message containing ``reason``."""
    errors = await gateway.gql_errors(SEARCH_NUMBERS, {"search": search})
    [error] = errors
    assert error["extensions"]["code"] == "INVALID_INPUT", error
    assert error["extensions"]["field"] == field, error
    assert reason in error["message"], error["message"]
