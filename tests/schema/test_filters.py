"""Every ActiveNumberFilter field: each one both keeps and drops numbers of one account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.client import Gateway
from tests.support.factories import T0, add_activity
from tests.support.numbers import Number, add_numbers, sign_in

TRUNK = "TK" + "ab" * 16

# label -> the number; anything not overridden is factories.catalog_row's SF local number
NUMBERS = {
    "sf": Number(
        "+14155550100",
        {"postal_code": "94103"},
        {"friendly_name": "Sales Desk"},
    ),
    "oakland": Number(
        "+15105550100",
        {
            "lifecycle": "BETA",
            "beta": True,
            "voice_e911": False,
            "sms_ucs2": False,
            "mms_inbound_reachability": "FOREIGN",
            "address_requirements": "ANY",
            "rate_center": "OKLD",
            "latitude": 37.8044,
            "longitude": -122.2712,
            "locality": "Oakland",
            "postal_code": "94612",
        },
        {"friendly_name": "support LINE", "origin": "HOSTED", "trunk_sid": TRUNK},
    ),
    # inside the bounding box of 25 miles around San Francisco, but about 30 miles away
    "corner": Number(
        "+19255550100",
        {
            "voice_fax": True,
            "sms_sender_id_preservation": "INTERNATIONAL",
            "rate_center": "CNCR",
            "latitude": 37.7749 + 0.3,
            "longitude": -122.4194 + 0.4,
            "locality": "Concord",
            "postal_code": "94520",
        },
        {"friendly_name": "50% off_sale"},
    ),
    "tollfree": Number(
        "+18005550100",
        {
            "type": "TOLLFREE",
            "voice_capable": False,
            "voice_e911": False,
            "voice_sip_trunking": False,
            "sms_gsm7": False,
            "sms_inbound_reachability": "GLOBAL",
            "address_requirements": "LOCAL",
            "lata": "132",
            "rate_center": "NWYRCYZN01",
            "latitude": 40.7128,
            "longitude": -74.006,
            "region": "NY",
            "locality": "New York",
            "postal_code": "10001",
        },
        {"friendly_name": "Toll free", "origin": "PORTED"},
    ),
    "london": Number(
        "+442071838750",
        {
            "type": "NATIONAL",
            "voice_sip_trunking": False,
            "voice_caller_id_preservation": "NONE",
            "voice_inbound_reachability": "DOMESTIC",
            "sms_capable": False,
            "mms_capable": False,
            "address_requirements": "FOREIGN",
            "lata": None,
            "rate_center": None,
            "latitude": 51.5074,
            "longitude": -0.1278,
            "region": "England",
            "locality": "London",
            "postal_code": "EC1A",
        },
        {"friendly_name": "London office"},
    ),
    "released": Number(
        "+14155550199",
        {"state": "aging"},
        {
            "friendly_name": "Sales (old)",
            "status": "RELEASED",
            "next_billing_date": None,
            "released_at": T0 - timedelta(days=2),
            "restorable_until": T0 + timedelta(days=8),
        },
    ),
}
IN_USE = set(NUMBERS) - {"released"}
LABELS = {number.phone_number: label for label, number in NUMBERS.items()}

FIELDS = "totalCount nodes { phoneNumber }"


def batch_query(count: int) -> str:
    """One request with an aliased ``activeNumbers`` per filter ``$f0 … $f<count-1>``."""
    variables = ", ".join(f"$f{i}: ActiveNumberFilter" for i in range(count))
    fields = "\n".join(
        f"  f{i}: activeNumbers(filter: $f{i}, first: 100) {{ {FIELDS} }}" for i in range(count)
    )
    return f"query ({variables}) {{\n{fields}\n}}"


async def _seed(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sids = dict(
        zip(NUMBERS, await add_numbers(gateway.engine, caller.sid, NUMBERS.values()), strict=True)
    )
    day = timedelta(days=1)
    await add_activity(
        gateway.engine,
        sids["sf"],
        [("CALL", "COMPLETED", 60, T0 - n * day) for n in (1, 2, 3)],
    )
    await add_activity(  # active, but not by the rule: short calls and failed messages
        gateway.engine,
        sids["oakland"],
        [("CALL", "COMPLETED", 5, T0 - n * day) for n in (1, 2, 3)]
        + [("MESSAGE", "FAILED", 0, T0 - n * day) for n in (1, 2, 3)],
    )


async def expect(gateway: Gateway, cases: list[tuple[dict[str, Any], set[str]]]) -> None:
    """Each filter matches exactly its expected labels (all cases in one request)."""
    data = await gateway.gql(
        batch_query(len(cases)), {f"f{i}": flt for i, (flt, _) in enumerate(cases)}
    )
    failures = []
    for i, (flt, expected) in enumerate(cases):
        connection = data[f"f{i}"]
        found = [LABELS[node["phoneNumber"]] for node in connection["nodes"]]
        assert len(found) == len(set(found)) == connection["totalCount"], flt
        if set(found) != expected:
            failures.append(f"{flt}: expected {sorted(expected)}, got {sorted(found)}")
    assert not failures, "\n".join(failures)


async def test_phone_number_filter(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            ({"phoneNumber": "+14155550100"}, {"sf"}),
            ({"phoneNumber": "+1 415-555-0100"}, {"sf"}),  # normalized to E.164
            ({"phoneNumber": "+14155550101"}, set()),
            ({"phoneNumber": "+1415555****"}, {"sf"}),
            ({"phoneNumber": "+1415555****", "status": ["IN_USE", "RELEASED"]}, {"sf", "released"}),
            ({"phoneNumber": "+1***5550100"}, {"sf", "oakland", "corner", "tollfree"}),
            ({"phoneNumber": "+1***555010"}, set()),  # a pattern with + covers the whole number
            ({"phoneNumber": "5105"}, {"oakland"}),
            ({"phoneNumber": "5550100"}, {"sf", "oakland", "corner", "tollfree"}),
            ({"phoneNumber": "7183*750"}, {"london"}),
            ({"phoneNumber": "44"}, {"london"}),
        ],
    )


async def test_friendly_name_is_a_case_insensitive_substring(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            ({"friendlyName": "SALES"}, {"sf"}),
            ({"friendlyName": "line"}, {"oakland"}),
            ({"friendlyName": "o"}, {"oakland", "corner", "tollfree", "london"}),
            ({"friendlyName": "50%"}, {"corner"}),  # LIKE wildcards are literal
            ({"friendlyName": "%"}, {"corner"}),
            ({"friendlyName": "_"}, {"corner"}),
            ({"friendlyName": "o_f"}, set()),  # not "off"
            ({"friendlyName": "nobody"}, set()),
        ],
    )


async def test_enum_list_filters(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            ({"type": ["TOLLFREE"]}, {"tollfree"}),
            ({"type": ["LOCAL", "NATIONAL"]}, IN_USE - {"tollfree"}),
            ({"type": ["MOBILE"]}, set()),
            ({"lifecycle": ["BETA"]}, {"oakland"}),
            ({"lifecycle": ["GENERALLY_AVAILABLE"]}, IN_USE - {"oakland"}),
            ({"origin": ["HOSTED"]}, {"oakland"}),
            ({"origin": ["PORTED", "HOSTED"]}, {"oakland", "tollfree"}),
            ({"origin": ["PURCHASED"]}, {"sf", "corner", "london"}),
            ({"addressRequirements": ["NONE"]}, {"sf", "corner"}),
            ({"addressRequirements": ["ANY"]}, {"oakland"}),
            ({"addressRequirements": ["LOCAL", "FOREIGN"]}, {"tollfree", "london"}),
            ({"type": []}, set()),
        ],
    )


async def test_status_defaults_to_in_use(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            ({}, IN_USE),
            ({"status": ["IN_USE"]}, IN_USE),
            ({"status": ["RELEASED"]}, {"released"}),
            ({"status": ["IN_USE", "RELEASED"]}, set(NUMBERS)),
            ({"friendlyName": "sales", "status": ["RELEASED"]}, {"released"}),
        ],
    )
    data = await gateway.gql("{ activeNumbers { totalCount } }")
    assert data["activeNumbers"]["totalCount"] == len(IN_USE)


async def test_capability_filters(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            ({"voice": {"capable": False}}, {"tollfree"}),
            ({"voice": {"capable": True}}, IN_USE - {"tollfree"}),
            # a detail filter only matches numbers with the capability at all
            ({"voice": {"e911": False}}, {"oakland"}),
            ({"voice": {"capable": True, "e911": False}}, {"oakland"}),
            ({"voice": {"fax": True}}, {"corner"}),
            ({"voice": {"sipTrunking": False}}, {"london"}),
            ({"voice": {"inboundCallerIdPreservation": ["NONE"]}}, {"london"}),
            (
                {"voice": {"inboundCallerIdPreservation": ["INTERNATIONAL", "DOMESTIC"]}},
                IN_USE - {"london", "tollfree"},
            ),
            ({"voice": {"inboundReachability": ["DOMESTIC"]}}, {"london"}),
            ({"sms": {"capable": False}}, {"london"}),
            ({"sms": {"gsm7": False}}, {"tollfree"}),
            ({"sms": {"ucs2": False}}, {"oakland"}),
            ({"sms": {"ucs2": True, "gsm7": True}}, {"sf", "corner"}),
            ({"sms": {"inboundSenderIdPreservation": ["INTERNATIONAL"]}}, {"corner"}),
            ({"sms": {"inboundReachability": ["GLOBAL"]}}, {"tollfree"}),
            ({"mms": {"capable": False}}, {"london"}),
            ({"mms": {"capable": True}}, IN_USE - {"london"}),
            ({"mms": {"inboundReachability": ["FOREIGN"]}}, {"oakland"}),
            ({"voice": {}, "sms": {}, "mms": {}}, IN_USE),
        ],
    )


async def test_geography_filters(gateway: Gateway) -> None:
    await _seed(gateway)
    bay_area = {"sf", "oakland", "corner"}
    await expect(
        gateway,
        [
            ({"geography": {"isoCountry": "GB"}}, {"london"}),
            ({"geography": {"isoCountry": "gb"}}, {"london"}),
            ({"geography": {"isoCountry": "US"}}, IN_USE - {"london"}),
            ({"geography": {"isoCountry": "FR"}}, set()),
            ({"geography": {"lata": "132"}}, {"tollfree"}),
            ({"geography": {"lata": "722"}}, bay_area),
            ({"geography": {"rateCenter": "OKLD"}}, {"oakland"}),
            ({"geography": {"region": "ca"}}, bay_area),
            ({"geography": {"region": "NY"}}, {"tollfree"}),
            ({"geography": {"locality": "new york"}}, {"tollfree"}),
            ({"geography": {"locality": "LONDON"}}, {"london"}),
            ({"geography": {"postalCode": "94612"}}, {"oakland"}),
            ({"geography": {"postalCode": "9461"}}, set()),  # exact, not a prefix
            ({"geography": {"latitude": {"min": 40, "max": 52}}}, {"tollfree", "london"}),
            ({"geography": {"latitude": {"min": 38}}}, {"corner", "tollfree", "london"}),
            ({"geography": {"latitude": {"max": 37.8}}}, {"sf"}),
            ({"geography": {"longitude": {"max": -100}}}, bay_area),
            ({"geography": {"longitude": {"min": -100, "max": 0}}}, {"tollfree", "london"}),
            (
                {"geography": {"latitude": {"min": 37, "max": 38}, "longitude": {"min": -122.3}}},
                {"oakland"},
            ),
            (
                {"geography": {"isoCountry": "US", "region": "CA", "locality": "Oakland"}},
                {"oakland"},
            ),
        ],
    )


async def test_near_is_a_true_great_circle(gateway: Gateway) -> None:
    await _seed(gateway)
    sf = {"latitude": 37.7749, "longitude": -122.4194}
    await expect(
        gateway,
        [
            # "corner" is inside the 25-mile bounding box but about 30 miles away
            ({"geography": {"near": {**sf, "distanceMiles": 25}}}, {"sf", "oakland"}),
            ({"geography": {"near": sf}}, {"sf", "oakland"}),  # 25 miles by default
            ({"geography": {"near": {**sf, "distanceMiles": 35}}}, {"sf", "oakland", "corner"}),
            ({"geography": {"near": {**sf, "distanceMiles": 5}}}, {"sf"}),
            (
                {
                    "geography": {
                        "near": {"latitude": 51.5, "longitude": -0.12, "distanceMiles": 10}
                    }
                },
                {"london"},
            ),
            (
                {
                    "geography": {
                        "near": {"latitude": 40.0, "longitude": -100.0, "distanceMiles": 500}
                    }
                },
                set(),
            ),
        ],
    )


async def test_trunk_and_activity_filters(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            ({"trunkSid": TRUNK}, {"oakland"}),
            ({"trunkSid": "TK" + "cd" * 16}, set()),
            ({"inactive": False}, {"sf"}),
            ({"inactive": True}, IN_USE - {"sf"}),
            ({"inactive": True, "lifecycle": ["BETA"]}, {"oakland"}),
            ({"beta": True}, {"oakland"}),
            ({"beta": False}, IN_USE - {"oakland"}),
        ],
    )


async def test_filters_combine_with_and(gateway: Gateway) -> None:
    await _seed(gateway)
    await expect(
        gateway,
        [
            (
                {"type": ["LOCAL"], "geography": {"region": "CA"}, "voice": {"e911": True}},
                {"sf", "corner"},
            ),
            (
                {"phoneNumber": "5550100", "sms": {"capable": True}, "mms": {"capable": True}},
                {"sf", "oakland", "corner", "tollfree"},
            ),
            ({"friendlyName": "sales", "origin": ["HOSTED"]}, set()),
        ],
    )


async def test_capability_detail_filter_ignores_numbers_without_the_capability(
    gateway: Gateway,
) -> None:
    from tests.support.client import basic_auth
    from tests.support.factories import add_account, add_catalog, add_owned, catalog_row

    account = await add_account(gateway.engine)
    # a number that cannot do voice, with stale detail columns set
    await add_catalog(
        gateway.engine,
        [
            catalog_row("+14155550101", voice_capable=False, voice_e911=True),
            catalog_row("+14155550102"),
        ],
    )
    await add_owned(gateway.engine, account.sid, "+14155550101")
    await add_owned(gateway.engine, account.sid, "+14155550102")
    data = await gateway.gql(
        "{ activeNumbers(filter: {voice: {e911: true}}) { nodes { phoneNumber } } }",
        auth=basic_auth(account.sid, account.token),
    )
    assert [n["phoneNumber"] for n in data["activeNumbers"]["nodes"]] == ["+14155550102"]
