"""Catalog numbers for search tests, and the search queries they send."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text, update
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


async def rtree_matches_catalog(engine: AsyncEngine) -> int:
    """SQLite: the R*Tree holds one entry per located catalog row, at its location (within
    the 32-bit rounding R*Tree stores); returns how many. PostgreSQL: -1 (nothing to do)."""
    if engine.dialect.name != "sqlite":
        return -1
    async with engine.connect() as conn:
        entries = (await conn.execute(text("SELECT * FROM catalog_numbers_geo ORDER BY id"))).all()
        located = (
            await conn.execute(
                text(
                    "SELECT rowid, latitude, longitude FROM catalog_numbers"
                    " WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY rowid"
                )
            )
        ).all()
    assert [entry[0] for entry in entries] == [row[0] for row in located]
    for (_, min_lat, max_lat, min_lon, max_lon), (_, lat, lon) in zip(
        entries, located, strict=True
    ):
        assert min_lat <= lat <= max_lat
        assert max_lat - min_lat < 1e-4
        assert min_lon <= lon <= max_lon
        assert max_lon - min_lon < 1e-4
    return len(entries)
