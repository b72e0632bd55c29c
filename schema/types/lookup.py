"""NumberLookup: what is known of any phone number (its line type, carrier, messaging)."""

from __future__ import annotations

import strawberry

from schema.enums import LineType


@strawberry.type
class Carrier:
    name: str | None = strawberry.field(description="Null when no carrier data is known.")
    type: LineType


@strawberry.type(
    description="Carrier data when known; otherwise what the catalog or the numbering plan says."
)
class NumberLookup:
    phone_number: str = strawberry.field(description="E.164.")
    country_code: str = strawberry.field(description='ISO 3166-1 alpha-2, e.g. "US".')
    national_format: str
    carrier: Carrier
    messaging_enabled: bool | None = strawberry.field(
        description="Whether the number can send and receive messages; null when unknown."
    )
