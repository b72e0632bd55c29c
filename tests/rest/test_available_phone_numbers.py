"""AvailablePhoneNumbers over Twilio's REST API: ``availableNumbers``' own search, each Twilio
parameter mapped to it. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.rest.support import Rest, json_of, twilio_error
from tests.support.catalog import add_numbers_for_sale
from tests.support.client import Gateway
from tests.support.provisioning import new_buyer

SF, SF_BETA, NY, LA, TOLL_FREE = (
    "+14155550100",
    "+14155550101",
    "+12125550100",
    "+13105550100",
    "+18005550100",
)
LOCAL = {SF, SF_BETA, NY, LA}
CATALOG: dict[str, dict[str, Any]] = {
    SF: {},
    SF_BETA: {
        "sms_capable": False,
        "mms_capable": False,
        "beta": True,
        "address_requirements": "ANY",
    },
    NY: {
        "latitude": 40.7128,
        "longitude": -74.006,
        "region": "NY",
        "locality": "New York",
        "postal_code": "10001",
        "lata": "132",
        "rate_center": "NWYRCYZN01",
        "voice_fax": True,
        "address_requirements": "LOCAL",
    },
    LA: {
        "latitude": 34.0522,
        "longitude": -118.2437,
        "region": "CA",
        "locality": "Los Angeles",
        "postal_code": "90012",
        "lata": "730",
        "rate_center": "LSAN DA 01",
        "voice_capable": False,
        "address_requirements": "FOREIGN",
    },
    TOLL_FREE: {"type": "TOLLFREE"},
}


async def _rest(gateway: Gateway) -> Rest:
    await add_numbers_for_sale(gateway.engine, CATALOG)
    return Rest(gateway, await new_buyer(gateway.engine))


async def _found(rest: Rest, kind: str = "Local", **params: Any) -> set[str]:
    path = rest.account(f"/AvailablePhoneNumbers/US/{kind}.json")
    body = json_of(await rest.get(path, **params))
    return {number["phone_number"] for number in body["available_phone_numbers"]}


async def test_every_search_parameter(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({}, LOCAL),
        ({"AreaCode": "415"}, {SF, SF_BETA}),
        ({"Contains": "+1212"}, {NY}),
        ({"Contains": "%0100"}, {SF, NY, LA}),
        ({"SmsEnabled": "false"}, {SF_BETA}),
        ({"SmsEnabled": "true"}, {SF, NY, LA}),
        ({"MmsEnabled": "false"}, {SF_BETA}),
        ({"VoiceEnabled": "false"}, {LA}),
        ({"FaxEnabled": "true"}, {NY}),
        ({"ExcludeAllAddressRequired": "true"}, {SF}),
        ({"ExcludeLocalAddressRequired": "true"}, {SF, SF_BETA, LA}),
        ({"ExcludeForeignAddressRequired": "true"}, {SF, SF_BETA, NY}),
        ({"Beta": "false"}, {SF, NY, LA}),
        ({"Beta": "true"}, LOCAL),
        ({"NearNumber": SF}, {SF, SF_BETA}),
        ({"NearLatLong": "34.05,-118.24"}, {LA}),
        ({"NearLatLong": "36.5,-120.5", "Distance": "100"}, set()),
        ({"NearLatLong": "36.5,-120.5", "Distance": "300"}, {SF, SF_BETA, LA}),
        ({"InPostalCode": "10001"}, {NY}),
        ({"InRegion": "ny"}, {NY}),
        ({"InLata": "730"}, {LA}),
        ({"InRateCenter": "SNFC", "InLata": "722"}, {SF, SF_BETA}),
        ({"InLocality": "los angeles"}, {LA}),
        ({"SmsEnabled": "true", "InRegion": "CA"}, {SF, LA}),
    ]
    for params, expected in cases:
        assert await _found(rest, **params) == expected, params
    assert await _found(rest, "TollFree") == {TOLL_FREE}
    assert await _found(rest, "Mobile") == set()


async def test_records_and_pages_are_twilio_shaped(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    path = rest.account("/AvailablePhoneNumbers/US/Local.json")
    first = json_of(await rest.get(path, PageSize=3, InRegion="CA"))
    assert first["page_size"] == 3
    [_, sf, _] = first["available_phone_numbers"]
    assert sf == {
        "friendly_name": "(415) 555-0100",
        "phone_number": SF,
        "lata": "722",
        "locality": "San Francisco",
        "rate_center": "SNFC",
        "latitude": "37.774900",
        "longitude": "-122.419400",
        "region": "CA",
        "postal_code": "94103",
        "iso_country": "US",
        "address_requirements": "none",
        "beta": False,
        "capabilities": {"voice": True, "SMS": True, "MMS": True, "fax": False},
    }
    assert [n["phone_number"] for n in first["available_phone_numbers"]] == [LA, SF, SF_BETA]
    assert first["next_page_uri"] is None
    two = json_of(await rest.get(path, PageSize=2))
    assert [n["phone_number"] for n in two["available_phone_numbers"]] == [NY, LA]
    assert "PageSize=2" in two["next_page_uri"]
    rest_of = json_of(await gateway.http.get(two["next_page_uri"], headers=rest._auth()))
    assert [n["phone_number"] for n in rest_of["available_phone_numbers"]] == [SF, SF_BETA]
    assert rest_of["previous_page_uri"] is None


async def test_countries(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    listed = json_of(await rest.get(rest.account("/AvailablePhoneNumbers.json")))
    [us] = listed["countries"]
    base = rest.account("/AvailablePhoneNumbers/US")
    assert us == {
        "country_code": "US",
        "country": "United States",
        "beta": True,
        "uri": f"{base}.json",
        "subresource_uris": {"local": f"{base}/Local.json", "toll_free": f"{base}/TollFree.json"},
    }
    assert json_of(await rest.get(f"{base}.json")) == us
    twilio_error(await rest.get(rest.account("/AvailablePhoneNumbers/FR.json")), 404, 20404)
    twilio_error(await rest.get(f"{base}/Landline.json"), 404, 20404)


async def test_bad_search_parameters_name_the_parameter(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    path = rest.account("/AvailablePhoneNumbers/US/Local.json")
    for params, name in (
        ({"AreaCode": "12"}, "AreaCode"),
        ({"Contains": "%"}, "Contains"),
        ({"SmsEnabled": "yes"}, "SmsEnabled"),
        ({"NearLatLong": "north"}, "NearLatLong"),
        ({"NearLatLong": "95,10"}, "NearLatLong"),
        ({"NearNumber": "+44 20 7946 0958"}, "NearNumber"),
        ({"NearLatLong": "37.7,-122.4", "Distance": "501"}, "Distance"),
        ({"NearLatLong": "37.7,-122.4", "Distance": "0"}, "Distance"),
        ({"InRateCenter": "SNFC"}, "InRateCenter"),
        ({"PageSize": "5000"}, "PageSize"),
    ):
        body = twilio_error(await rest.get(path, **params), 400, 400)
        assert body["message"].startswith(f"{name}:"), (params, body)
    body = twilio_error(
        await rest.get(rest.account("/AvailablePhoneNumbers/XX/Local.json")), 400, 400
    )
    assert body["message"].startswith("IsoCountry:")
    body = twilio_error(
        await rest.get(rest.account("/AvailablePhoneNumbers/GB/Local.json"), AreaCode="415"),
        400,
        400,
    )
    assert body["message"].startswith("AreaCode:")
