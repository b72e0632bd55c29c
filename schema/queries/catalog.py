"""The catalog's root fields, merged into Query by ``schema.build``."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from graphql import GraphQLResolveInfo

from resolvers.catalog import countries, pricing
from resolvers.catalog import lookup as number_lookup
from resolvers.catalog import query as catalog_reads
from resolvers.catalog.search import CatalogSearch
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.catalog import AvailableNumberSearch
from schema.selection import selection_of
from schema.types.available_number import AvailableNumberConnection
from schema.types.catalog import CountryInventory, CountryPricing
from schema.types.lookup import NumberLookup


def _raw(info: Info) -> GraphQLResolveInfo[Any]:
    return info._raw_info


@strawberry.type
class CatalogQuery:
    @strawberry.field(
        description="Numbers for sale matching the search, by phone number, and the numbers "
        "you hold (reserveNumbers; reservedByYou). first defaults to 50 and may not exceed "
        "1000; cursors stay valid while numbers are bought."
    )
    async def available_numbers(
        self,
        info: Info,
        search: AvailableNumberSearch,
        first: int | None = None,
        after: str | None = None,
    ) -> AvailableNumberConnection:
        ctx = info.context
        async with ctx.read() as conn:
            result = await catalog_reads.list_available_numbers(
                conn,
                search=to_plain(search, CatalogSearch),
                page_args=catalog_reads.PageArgs(first, after),
                selection=selection_of(_raw(info)),
                now=ctx.clock.now(),
                holder=ctx.viewer.sid,
            )
        return cast(AvailableNumberConnection, result)

    @strawberry.field(description="The countries with numbers for sale, by ISO code.")
    async def available_countries(self, info: Info) -> list[CountryInventory]:
        ctx = info.context
        async with ctx.read() as conn:
            found = await countries.available_countries(
                conn, ctx.clock.now(), selection_of(_raw(info))
            )
        return cast(list[CountryInventory], found)

    @strawberry.field(
        description="The price of each number type in a country; null when the catalog "
        "has no numbers there."
    )
    async def pricing(self, info: Info, iso_country: str) -> CountryPricing | None:
        async with info.context.read() as conn:
            found = await pricing.country_pricing(conn, iso_country)
        return cast(CountryPricing | None, found)

    @strawberry.field(description="What is known of any phone number (E.164).")
    async def lookup(self, info: Info, phone_number: str) -> NumberLookup | None:
        async with info.context.read() as conn:
            found = await number_lookup.lookup_number(conn, phone_number)
        return cast(NumberLookup | None, found)
