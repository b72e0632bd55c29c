"""``AvailableNumberSearch`` as plain values, and its validation.

``validate`` runs before any SQL: every rule that can fail names its field
(``search.areaCode`` …) and says why. It returns the search normalized (country upper-case,
type and distance defaulted, ``nearNumber`` in E.164) for ``filters.search_conditions``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import phonenumbers

from resolvers.catalog.contains import NumberPattern, parse_contains, starts_with
from resolvers.core.errors import InvalidInput
from resolvers.core.phone import check_iso_country, parse_e164
from resolvers.reads.geography import MAX_DISTANCE_MILES

DEFAULT_TYPE = "LOCAL"
DEFAULT_DISTANCE_MILES = 25
NANP_COUNTRIES = ("US", "CA")  # area codes and the geographic filters exist only here
NOT_SEARCHABLE_TYPES = ("SHORTCODE",)
_AREA_CODE = re.compile(r"^[2-9][0-9]{2}$")


@dataclass(frozen=True)
class LatLong:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class CatalogSearch:
    iso_country: str
    type: str | None = DEFAULT_TYPE
    area_code: str | None = None
    contains: str | None = None
    voice_enabled: bool | None = None
    sms_enabled: bool | None = None
    mms_enabled: bool | None = None
    fax_enabled: bool | None = None
    exclude_all_address_required: bool | None = None
    exclude_local_address_required: bool | None = None
    exclude_foreign_address_required: bool | None = None
    beta: bool | None = True
    near_number: str | None = None
    near_lat_long: LatLong | None = None
    distance_miles: int | None = DEFAULT_DISTANCE_MILES
    in_postal_code: str | None = None
    in_region: str | None = None
    in_rate_center: str | None = None
    in_lata: str | None = None
    in_locality: str | None = None


# Fields that only make sense for US/CA numbers, by their GraphQL names.
_NANP_ONLY = {
    "areaCode": "area_code",
    "nearNumber": "near_number",
    "nearLatLong": "near_lat_long",
    "inPostalCode": "in_postal_code",
    "inRegion": "in_region",
    "inLata": "in_lata",
    "inRateCenter": "in_rate_center",
}


def field(*names: str) -> list[str]:
    return ["search", *names]


def validate(search: CatalogSearch) -> CatalogSearch:
    """The search normalized, or InvalidInput naming the first field that breaks a rule."""
    iso_country = check_iso_country(search.iso_country, field("isoCountry"))
    number_type = search.type or DEFAULT_TYPE
    if number_type in NOT_SEARCHABLE_TYPES:
        raise InvalidInput(
            f"{number_type} numbers are not sold through search", field=field("type")
        )
    distance = search.distance_miles
    distance = DEFAULT_DISTANCE_MILES if distance is None else distance
    if not 0 < distance <= MAX_DISTANCE_MILES:
        raise InvalidInput(
            f"distanceMiles must be greater than 0 and at most {MAX_DISTANCE_MILES} "
            f"(got {distance})",
            field=field("distanceMiles"),
        )
    if iso_country not in NANP_COUNTRIES:
        _refuse_nanp_only(search, iso_country)
    normalized = dataclasses.replace(
        search, iso_country=iso_country, type=number_type, distance_miles=distance
    )
    _check_geography(normalized)
    number_patterns(normalized)  # raises on a bad areaCode or contains
    return dataclasses.replace(normalized, near_number=_near_number(normalized.near_number))


def number_patterns(search: CatalogSearch) -> list[NumberPattern]:
    """What the number itself must match: its area code and its ``contains`` pattern."""
    patterns = []
    if search.area_code is not None:
        if not _is_area_code(search.area_code, search.iso_country):
            raise InvalidInput(
                f"{search.area_code!r} is not an area code of {search.iso_country} "
                "(3 digits, e.g. 415)",
                field=field("areaCode"),
            )
        patterns.append(starts_with("1" + search.area_code))
    if search.contains is not None:
        patterns.append(parse_contains(search.contains))
    return patterns


def _is_area_code(area_code: str, iso_country: str) -> bool:
    """Three digits the numbering plan gives to ``iso_country`` (416 is CA's, 415 US's);
    toll-free codes (800, 888 …) serve both."""
    if not _AREA_CODE.match(area_code):
        return False
    sample = phonenumbers.parse(f"+1{area_code}2345678")
    if not phonenumbers.is_valid_number(sample):
        return False
    toll_free = phonenumbers.number_type(sample) == phonenumbers.PhoneNumberType.TOLL_FREE
    return toll_free or phonenumbers.region_code_for_number(sample) == iso_country


def _refuse_nanp_only(search: CatalogSearch, iso_country: str) -> None:
    for name, attribute in _NANP_ONLY.items():
        if getattr(search, attribute) is not None:
            raise InvalidInput(
                f"{name} is only for US and CA numbers, not {iso_country}", field=field(name)
            )


def _check_geography(search: CatalogSearch) -> None:
    if search.in_rate_center is not None and search.in_lata is None:
        raise InvalidInput(
            "inRateCenter needs inLata too (a rate center is named within its LATA)",
            field=field("inRateCenter"),
        )
    if search.near_number is not None and search.near_lat_long is not None:
        raise InvalidInput("pass nearNumber or nearLatLong, not both", field=field("nearNumber"))
    point = search.near_lat_long
    if point is not None and not -90 <= point.latitude <= 90:
        raise InvalidInput(
            f"latitude must be between -90 and 90 (got {point.latitude:g})",
            field=field("nearLatLong", "latitude"),
        )
    if point is not None and not -180 <= point.longitude <= 180:
        raise InvalidInput(
            f"longitude must be between -180 and 180 (got {point.longitude:g})",
            field=field("nearLatLong", "longitude"),
        )


def _near_number(value: str | None) -> str | None:
    if value is None:
        return None
    e164 = parse_e164(value, field("nearNumber"))
    region = phonenumbers.region_code_for_number(phonenumbers.parse(e164))
    if region not in NANP_COUNTRIES:
        raise InvalidInput(
            f"nearNumber must be a US or CA number; {e164} is from {region}",
            field=field("nearNumber"),
        )
    return e164
