"""Input types of catalog search (API.md's AvailableNumberSearch)."""

from __future__ import annotations

import strawberry

from resolvers.catalog.search import CatalogSearch, LatLong
from schema.enums import NumberType
from schema.plain_targets import converts_to


@converts_to(LatLong)
@strawberry.input
class LatLongInput:
    latitude: float
    longitude: float


@converts_to(CatalogSearch)
@strawberry.input(
    description="Filters of availableNumbers. areaCode, near*, inPostalCode, inRegion, inLata "
    "and inRateCenter are for US and CA only."
)
class AvailableNumberSearch:
    iso_country: str = strawberry.field(description="ISO 3166-1 alpha-2, e.g. US.")
    type: NumberType | None = NumberType.LOCAL
    area_code: str | None = None
    contains: str | None = strawberry.field(
        default=None,
        description=(
            "2-16 digits or letters (letters read as phone-keypad digits: STORM = 78676); "
            "* is exactly one digit, % any digits; a leading + anchors at the start of the "
            "E.164 number, a trailing $ at its end; otherwise it matches anywhere. A pattern "
            "with wildcards needs at least 2 digits or letters."
        ),
    )
    voice_enabled: bool | None = None
    sms_enabled: bool | None = None
    mms_enabled: bool | None = None
    fax_enabled: bool | None = None
    exclude_all_address_required: bool | None = strawberry.field(
        default=None, description="Only numbers that need no address."
    )
    exclude_local_address_required: bool | None = None
    exclude_foreign_address_required: bool | None = None
    beta: bool | None = strawberry.field(default=True, description="false leaves out beta numbers.")
    near_number: str | None = strawberry.field(
        default=None, description="E.164 of a US/CA number whose location the catalog knows."
    )
    near_lat_long: LatLongInput | None = None
    distance_miles: int | None = strawberry.field(
        default=25, description="Radius of near searches (great-circle), at most 500."
    )
    in_postal_code: str | None = None
    in_region: str | None = strawberry.field(default=None, description="Case-insensitive.")
    in_rate_center: str | None = strawberry.field(default=None, description="Requires inLata.")
    in_lata: str | None = None
    in_locality: str | None = strawberry.field(default=None, description="Case-insensitive.")
