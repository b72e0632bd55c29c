"""The catalog by country: what is for sale (CountryInventory) and at what price."""

from __future__ import annotations

import strawberry

from schema.enums import NumberType
from schema.types.common import Money


@strawberry.type(description="A country with numbers for sale.")
class CountryInventory:
    iso_country: str
    name: str = strawberry.field(description="The country's English name.")
    number_types: list[NumberType] = strawberry.field(
        description="The number types with numbers for sale."
    )
    beta: bool = strawberry.field(description="Whether any number for sale is a beta number.")


@strawberry.type
class TypePricing:
    type: NumberType
    setup_fee: Money
    monthly_fee: Money


@strawberry.type(
    description="The catalog's price of each number type in a country: the most common "
    "(setupFee, monthlyFee) pair among its numbers of that type; ties go to the cheaper."
)
class CountryPricing:
    iso_country: str
    name: str
    prices: list[TypePricing]
