"""``availableNumbers`` filters: each rule's success and each refusal (naming its field)."""

from __future__ import annotations

from resolvers.reads.geography import bounding_box, great_circle_miles
from tests.support.catalog import add_numbers_for_sale, found, refused
from tests.support.client import Gateway
from tests.support.numbers import sign_in

US = {"isoCountry": "US"}
GB = {"isoCountry": "GB"}


async def test_area_code_is_the_start_of_a_us_or_ca_number(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(
        gateway.engine,
        {"+14155550100": {}, "+12125550100": {}, "+16475550100": {"iso_country": "CA"}},
    )
    assert await found(gateway, {**US, "areaCode": "415"}) == ["+14155550100"]
    assert await found(gateway, {"isoCountry": "CA", "areaCode": "647"}) == ["+16475550100"]
    assert await found(gateway, {**US, "areaCode": "415", "contains": "0100$"}) == ["+14155550100"]
    field = ["search", "areaCode"]
    await refused(gateway, {**GB, "areaCode": "207"}, field, "only for US and CA")
    await refused(gateway, {**US, "areaCode": "41"}, field, "not an area code of US")
    await refused(gateway, {**US, "areaCode": "647"}, field, "not an area code of US")


async def test_capability_flags_are_exact(gateway: Gateway) -> None:
    await sign_in(gateway)
    voice = {"sms_capable": False, "mms_capable": False}
    fax = {"voice_fax": True, "mms_capable": False}
    sms = {"voice_capable": False, "mms_capable": False}
    await add_numbers_for_sale(
        gateway.engine, {"+14155550101": voice, "+14155550102": fax, "+14155550103": sms}
    )
    assert await found(gateway, {**US, "voiceEnabled": True}) == ["+14155550101", "+14155550102"]
    assert await found(gateway, {**US, "voiceEnabled": False}) == ["+14155550103"]
    assert await found(gateway, {**US, "smsEnabled": True, "voiceEnabled": True}) == [
        "+14155550102"
    ]
    assert await found(gateway, {**US, "mmsEnabled": True}) == []
    assert await found(gateway, {**US, "faxEnabled": True}) == ["+14155550102"]
    assert await found(gateway, {**US, "faxEnabled": False}) == ["+14155550101", "+14155550103"]


async def test_address_exclusions(gateway: Gateway) -> None:
    await sign_in(gateway)
    needs = {"NONE": "+14155550101", "ANY": "+14155550102", "LOCAL": "+14155550103"}
    needs["FOREIGN"] = "+14155550104"
    await add_numbers_for_sale(
        gateway.engine, {n: {"address_requirements": r} for r, n in needs.items()}
    )

    async def kept(**flags: bool) -> set[str]:
        numbers = await found(gateway, {**US, **flags})
        return {r for r, n in needs.items() if n in numbers}

    assert await kept() == {"NONE", "ANY", "LOCAL", "FOREIGN"}
    assert await kept(excludeAllAddressRequired=True) == {"NONE"}
    assert await kept(excludeLocalAddressRequired=True) == {"NONE", "ANY", "FOREIGN"}
    assert await kept(excludeForeignAddressRequired=True) == {"NONE", "ANY", "LOCAL"}
    both = {"excludeLocalAddressRequired": True, "excludeForeignAddressRequired": True}
    assert await kept(**both) == {"NONE", "ANY"}
    assert await kept(excludeAllAddressRequired=False) == set(needs)


async def test_beta_numbers_are_included_unless_beta_is_false(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(gateway.engine, {"+14155550101": {"beta": True}, "+14155550102": {}})
    both = ["+14155550101", "+14155550102"]
    assert await found(gateway, US) == both
    assert await found(gateway, {**US, "beta": True}) == both
    assert await found(gateway, {**US, "beta": None}) == both
    assert await found(gateway, {**US, "beta": False}) == ["+14155550102"]


async def test_places(gateway: Gateway) -> None:
    await sign_in(gateway)
    nyc = {"region": "NY", "locality": "New York", "postal_code": "10001", "lata": "132"}
    await add_numbers_for_sale(
        gateway.engine,
        {
            "+14155550101": {},  # San Francisco, CA 94103, LATA 722, rate center SNFC
            "+12125550101": {**nyc, "rate_center": "NWYRCYZN01"},
            "+12125550102": {**nyc, "rate_center": "NWYRCYZN02"},
            "+442071838750": {"locality": "London", "region": None, "lata": None},
        },
    )
    assert await found(gateway, {**US, "inPostalCode": "94103"}) == ["+14155550101"]
    assert await found(gateway, {**US, "inRegion": "ny"}) == ["+12125550101", "+12125550102"]
    assert await found(gateway, {**US, "inLocality": "SAN FRANCISCO"}) == ["+14155550101"]
    assert await found(gateway, {**US, "inLata": "132"}) == ["+12125550101", "+12125550102"]
    center = {**US, "inLata": "132", "inRateCenter": "NWYRCYZN02"}
    assert await found(gateway, center) == ["+12125550102"]
    assert await found(gateway, {**GB, "inLocality": "london"}) == ["+442071838750"]
    await refused(
        gateway, {**US, "inRateCenter": "SNFC"}, ["search", "inRateCenter"], "needs inLata"
    )
    for name, value in [
        ("inPostalCode", "SW1A"),
        ("inRegion", "ENG"),
        ("inLata", "1"),
        ("inRateCenter", "X"),
    ]:
        await refused(gateway, {**GB, name: value}, ["search", name], "only for US and CA")


CENTER = (37.7749, -122.4194)


async def test_near_is_a_true_circle_not_a_box(gateway: Gateway) -> None:
    await sign_in(gateway)
    lat, lon = CENTER
    _, max_lat, _, max_lon = bounding_box(lat, lon, 25)
    corner = (lat + 0.9 * (max_lat - lat), lon + 0.9 * (max_lon - lon))
    assert great_circle_miles(*CENTER, *corner) > 25  # inside the box, outside the circle
    inside = (lat + 0.2, lon)
    assert great_circle_miles(*CENTER, *inside) < 25
    await add_numbers_for_sale(
        gateway.engine,
        {
            "+14155550100": {"latitude": lat, "longitude": lon},
            "+14155550101": {"latitude": inside[0], "longitude": inside[1]},
            "+14155550102": {"latitude": corner[0], "longitude": corner[1]},
            "+14155550103": {"latitude": lat + 1, "longitude": lon},
            "+14155550104": {"latitude": None, "longitude": None},
            "+14155550105": {"state": "assigned", "latitude": lat, "longitude": lon},
        },
    )
    point = {"latitude": lat, "longitude": lon}
    near = ["+14155550100", "+14155550101"]
    assert await found(gateway, {**US, "nearLatLong": point}) == near
    assert await found(gateway, {**US, "nearLatLong": point, "distanceMiles": 40}) == [
        *near,
        "+14155550102",
    ]
    assert (
        await found(gateway, {**US, "nearNumber": "+14155550105"}) == near
    )  # sold: still a centre
    assert await found(gateway, {**US, "nearNumber": "+14155550101", "distanceMiles": 500}) == [
        "+14155550100", "+14155550101", "+14155550102", "+14155550103",
    ]  # fmt: skip


async def test_near_refusals(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(gateway.engine, {"+14155550104": {"latitude": None}})
    point = {"latitude": CENTER[0], "longitude": CENTER[1]}
    number = ["search", "nearNumber"]
    await refused(gateway, {**US, "nearNumber": "+14155550104"}, number, "no location")
    await refused(gateway, {**US, "nearNumber": "+12025550123"}, number, "no location")
    await refused(gateway, {**US, "nearNumber": "+1202"}, number, "not a valid phone number")
    await refused(gateway, {**US, "nearNumber": "+442071838750"}, number, "US or CA number")
    await refused(gateway, {**GB, "nearLatLong": point}, ["search", "nearLatLong"], "US and CA")
    both = {**US, "nearNumber": "+14155550104", "nearLatLong": point}
    await refused(gateway, both, number, "not both")
    distance = ["search", "distanceMiles"]
    await refused(gateway, {**US, "nearLatLong": point, "distanceMiles": 0}, distance, "at most")
    await refused(gateway, {**US, "distanceMiles": 501}, distance, "at most 500 (got 501)")
    for name, value, reason in [("latitude", 91, "-90 and 90"), ("longitude", -181, "-180")]:
        bad = {**US, "nearLatLong": {**point, name: value}}
        await refused(gateway, bad, ["search", "nearLatLong", name], reason)
