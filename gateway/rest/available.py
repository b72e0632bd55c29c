"""``/Accounts/{AccountSid}/AvailablePhoneNumbers``: the catalog's countries and its search.

``AvailablePhoneNumbers.json`` lists the countries with numbers for sale, ``…/{IsoCountry}.json``
fetches one, and ``…/{IsoCountry}/Local.json`` (``TollFree``, ``Mobile``, ``National``,
``Voip``, ``SharedCost``, ``MachineToMachine``) searches with every Twilio parameter, through
``availableNumbers``' own search: the same validation, conditions and keyset pages.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from gateway.responses import OrjsonResponse
from gateway.rest.calls import RestCall
from gateway.rest.errors import bad_parameter, not_found
from gateway.rest.pages import envelope, page_query
from gateway.rest.params import Params
from gateway.rest.render import account_uri, lower
from resolvers.catalog import countries
from resolvers.catalog import query as catalog_reads
from resolvers.catalog.search import DEFAULT_DISTANCE_MILES, CatalogSearch, LatLong
from resolvers.reads.selection import SelectionTree

# Twilio's subresource (path, key in subresource_uris) of each number type.
TYPES = {
    "LOCAL": ("Local", "local"),
    "TOLLFREE": ("TollFree", "toll_free"),
    "MOBILE": ("Mobile", "mobile"),
    "NATIONAL": ("National", "national"),
    "VOIP": ("Voip", "voip"),
    "SHARED_COST": ("SharedCost", "shared_cost"),
    "MACHINE_TO_MACHINE": ("MachineToMachine", "machine_to_machine"),
}
TYPE_OF_PATH = {path: number_type for number_type, (path, _) in TYPES.items()}
RECORDS = "available_phone_numbers"
NUMBER: SelectionTree = {
    "phoneNumber": {},
    "friendlyName": {},
    "beta": {},
    "capabilities": {"voice": {"fax": {}}, "sms": {"inboundMps": {}}, "mms": {"inboundMps": {}}},
    "regulatory": {"addressRequirements": {}},
    "geography": {
        name: {}
        for name in (
            *("isoCountry", "lata", "rateCenter", "latitude", "longitude"),
            *("region", "locality", "postalCode"),
        )
    },
}
PAGE_INFO: SelectionTree = {"hasNextPage": {}, "endCursor": {}, "startCursor": {}}


async def list_countries(call: RestCall) -> Response:
    found = await _countries(call)
    path = call.request.url.path
    body = {
        "countries": [_country(call.account_sid, entry) for entry in found],
        "page": 0,
        "page_size": len(found),
        "start": 0,
        "end": max(len(found) - 1, 0),
        "uri": path,
        "first_page_uri": path,
        "next_page_uri": None,
        "previous_page_uri": None,
    }
    return OrjsonResponse(body)


async def fetch_country(call: RestCall) -> Response:
    iso_country = call.path("country").upper()
    for entry in await _countries(call):
        if entry["iso_country"] == iso_country:
            return OrjsonResponse(_country(call.account_sid, entry))
    raise not_found(f"The requested resource {call.request.url.path} was not found")


async def search_numbers(call: RestCall) -> Response:
    number_type = TYPE_OF_PATH.get(call.path("kind"))
    if number_type is None:
        raise not_found(f"The requested resource {call.request.url.path} was not found")
    query = page_query(call.params)
    if query.before is not None:
        raise bad_parameter("PageToken", "search pages only go forwards")
    search = catalog_search(call.params, call.path("country"), number_type)
    async with call.read() as conn:
        page = await catalog_reads.list_available_numbers(
            conn,
            search=search,
            page_args=catalog_reads.PageArgs(query.first, query.after),
            selection={"nodes": NUMBER, "pageInfo": PAGE_INFO},
            now=call.clock.now(),
            holder=call.account_sid,
        )
    records = [available_phone_number(number) for number in page["nodes"]]
    page_info = {**page["page_info"], "has_previous_page": False}
    body = envelope(call.request.url.path, call.params, RECORDS, records, query, page_info)
    return OrjsonResponse(body)


def catalog_search(params: Params, iso_country: str, number_type: str) -> CatalogSearch:
    """Twilio's search parameters as ``availableNumbers``' search."""
    beta = params.boolean("Beta")
    return CatalogSearch(
        iso_country=iso_country,
        type=number_type,
        area_code=params.text("AreaCode"),
        contains=params.text("Contains"),
        voice_enabled=params.boolean("VoiceEnabled"),
        sms_enabled=params.boolean("SmsEnabled"),
        mms_enabled=params.boolean("MmsEnabled"),
        fax_enabled=params.boolean("FaxEnabled"),
        exclude_all_address_required=params.boolean("ExcludeAllAddressRequired"),
        exclude_local_address_required=params.boolean("ExcludeLocalAddressRequired"),
        exclude_foreign_address_required=params.boolean("ExcludeForeignAddressRequired"),
        beta=True if beta is None else beta,
        near_number=params.text("NearNumber"),
        near_lat_long=_lat_long(params.text("NearLatLong")),
        distance_miles=_distance(params),
        in_postal_code=params.text("InPostalCode"),
        in_region=params.text("InRegion"),
        in_rate_center=params.text("InRateCenter"),
        in_lata=params.text("InLata"),
        in_locality=params.text("InLocality"),
    )


def _distance(params: Params) -> int:
    """``Distance`` in miles (the search refuses 0 and anything above 500, naming it)."""
    distance = params.integer("Distance", 0, 10**6)
    return DEFAULT_DISTANCE_MILES if distance is None else distance


def _lat_long(value: str | None) -> LatLong | None:
    """Twilio's ``NearLatLong``: ``latitude,longitude`` in decimal degrees."""
    if value is None:
        return None
    latitude, comma, longitude = value.partition(",")
    try:
        if not comma:
            raise ValueError(value)
        return LatLong(float(latitude), float(longitude))
    except ValueError:
        raise bad_parameter(
            "NearLatLong", f"must be latitude,longitude in degrees (got {value!r})"
        ) from None


def available_phone_number(number: dict[str, Any]) -> dict[str, Any]:
    capabilities, geography = number["capabilities"], number["geography"]
    return {
        "friendly_name": number["friendly_name"],
        "phone_number": number["phone_number"],
        "lata": geography["lata"],
        "locality": geography["locality"],
        "rate_center": geography["rate_center"],
        "latitude": _degrees(geography["latitude"]),
        "longitude": _degrees(geography["longitude"]),
        "region": geography["region"],
        "postal_code": geography["postal_code"],
        "iso_country": geography["iso_country"],
        "address_requirements": lower(number["regulatory"]["address_requirements"]),
        "beta": number["beta"],
        # Twilio's spelling in this resource: upper-case SMS and MMS
        "capabilities": {
            "voice": capabilities["voice"] is not None,
            "SMS": capabilities["sms"] is not None,
            "MMS": capabilities["mms"] is not None,
            "fax": bool(capabilities["voice"] and capabilities["voice"]["fax"]),
        },
    }


def _degrees(value: float | None) -> str | None:
    return None if value is None else f"{value:.6f}"


async def _countries(call: RestCall) -> list[dict[str, Any]]:
    async with call.read() as conn:
        return await countries.available_countries(
            conn, call.clock.now(), {"isoCountry": {}, "name": {}, "numberTypes": {}, "beta": {}}
        )


def _country(account_sid: str, entry: dict[str, Any]) -> dict[str, Any]:
    base = account_uri(account_sid, f"/AvailablePhoneNumbers/{entry['iso_country']}")
    return {
        "country_code": entry["iso_country"],
        "country": entry["name"],
        "beta": entry["beta"],
        "uri": f"{base}.json",
        "subresource_uris": {
            TYPES[number_type][1]: f"{base}/{TYPES[number_type][0]}.json"
            for number_type in entry["number_types"]
            if number_type in TYPES
        },
    }
