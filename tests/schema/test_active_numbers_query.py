"""The capability tree of ActiveNumber: every field served with the value of its row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    SelectionSetNode,
    get_named_type,
    parse,
)

from schema.build import build_schema
from tests.support.client import Gateway
from tests.support.factories import T0, add_activity
from tests.support.numbers import Number, add_numbers, sign_in
from tests.support.queries import (
    ACTIVE_NUMBER_FULL_TREE,
    ACTIVE_NUMBERS_FULL_TREE,
    FULL_TREE_FRAGMENT,
)
from tests.support.scenarios import (
    PLAIN_PHONE,
    RICH_PHONE,
    RichNumber,
    add_plain_number,
    add_rich_number,
)


def rich_tree(n: RichNumber, account_sid: str) -> dict[str, Any]:
    """What the whole tree of ``add_rich_number``'s number must read as."""
    return {
        "id": n.sid,
        "sid": n.sid,
        "accountSid": account_sid,
        "phoneNumber": RICH_PHONE,
        "friendlyName": "Main line",
        "nationalFormat": "(800) 555-0100",
        "type": "TOLLFREE",
        "lifecycle": "BETA",
        "origin": "PORTED",
        "status": "IN_USE",
        "beta": True,
        "capabilities": {
            "voice": {
                "inboundConnectivity": True,
                "outboundConnectivity": True,
                "e911": True,
                "fax": True,
                "sipTrunking": False,
                "callsPerSecond": 5,
                "concurrentCallsLimit": 50,
                "longRecordLength": 7200,
                "inboundCalledDtmf": False,
                "inboundCallerDtmf": True,
                "inboundCallerIdPreservation": "DOMESTIC",
                "inboundReachability": "DOMESTIC",
                "codecs": ["PCMU", "G722"],
            },
            "sms": {
                "inboundConnectivity": True,
                "outboundConnectivity": True,
                "gsm7": True,
                "ucs2": False,
                "gsm7Concatenation": False,
                "ucs2Concatenation": True,
                "inboundSenderIdPreservation": "NONE",
                "inboundReachability": "GLOBAL",
                "inboundMps": 10,
            },
            "mms": {
                "inboundConnectivity": True,
                "outboundConnectivity": False,
                "inboundReachability": "FOREIGN",
                "inboundMps": 2,
            },
        },
        "regulatory": {
            "addressRequirements": "LOCAL",
            "identityRequired": True,
            "identitySid": n.identity_sid,
            "address": {
                "id": n.address_sid,
                "sid": n.address_sid,
                "friendlyName": "HQ",
                "customerName": "Acme Inc",
                "street": "1 Market St",
                "city": "San Francisco",
                "region": "CA",
                "postalCode": "94105",
                "isoCountry": "US",
                "createdAt": "2026-01-15T12:00:00+00:00",
            },
        },
        "geography": {
            "isoCountry": "US",
            "lata": "132",
            "rateCenter": "NWYRCYZN01",
            "latitude": 40.7128,
            "longitude": -74.006,
            "region": "NY",
            "locality": "New York",
            "postalCode": "10001",
        },
        "configuration": {
            "statusCallback": "https://example.com/status",
            "statusCallbackMethod": "GET",
            "voice": {
                "url": "https://example.com/voice",
                "method": "GET",
                "fallbackUrl": "https://example.com/voice-fallback",
                "fallbackMethod": "POST",
                "applicationSid": n.application_sid,
                "trunkSid": None,
                "emergencyStatus": "ACTIVE",
                "emergencyAddressSid": n.emergency_address_sid,
                "receiveMode": "FAX",
                "callerIdLookup": True,
            },
            "sms": {
                "url": "https://example.com/sms",
                "method": "GET",
                "fallbackUrl": "https://example.com/sms-fallback",
                "fallbackMethod": "GET",
                "applicationSid": n.sms_application_sid,
            },
            "mms": {
                "url": "https://example.com/mms",
                "method": "POST",
                "fallbackUrl": None,
                "fallbackMethod": "GET",
                "applicationSid": n.mms_application_sid,
            },
        },
        "billing": {
            "monthlyFee": {"amount": "2.15", "currency": "USD"},
            "setupFee": {"amount": "1.00", "currency": "USD"},
            "purchasedAt": "2025-12-20T08:30:15+00:00",
            "nextBillingDate": "2026-01-20T08:30:15+00:00",
            "status": "CURRENT",
        },
        "activity": {
            "lastActivityAt": "2026-01-15T07:00:00+00:00",
            "callsLast30Days": 4,
            "qualifyingCallsLast30Days": 3,
            "messagesLast30Days": 1,
            "isActive": True,
            "reclaimWarningAt": None,
            "reclaimAfter": None,
        },
        "messagingService": {
            "id": n.service_sid,
            "sid": n.service_sid,
            "accountSid": account_sid,
            "friendlyName": "Notifications",
            "stickySender": False,
            "maxPoolSize": 400,
            "numberCount": 1,
            "createdAt": "2026-01-15T12:00:00+00:00",
        },
        "createdAt": "2025-12-20T08:30:15+00:00",
        "updatedAt": "2026-01-02T09:00:00+00:00",
    }


async def test_the_whole_tree_is_served_from_the_rows(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    plain = await add_plain_number(gateway.engine, caller.sid)
    data = await gateway.gql(ACTIVE_NUMBERS_FULL_TREE)
    edges = data["activeNumbers"]["edges"]
    assert [edge["node"]["phoneNumber"] for edge in edges] == [PLAIN_PHONE, RICH_PHONE]
    assert edges[1]["node"] == rich_tree(rich, caller.sid)

    node = edges[0]["node"]
    assert node["sid"] == plain
    assert node["friendlyName"] == node["nationalFormat"] == "(415) 555-0100"
    assert (node["type"], node["lifecycle"], node["origin"], node["beta"]) == (
        "LOCAL",
        "GENERALLY_AVAILABLE",
        "PURCHASED",
        False,
    )
    assert node["capabilities"] == {"voice": None, "sms": None, "mms": None}
    assert node["regulatory"] == {
        "addressRequirements": "NONE",
        "identityRequired": False,
        "identitySid": None,
        "address": None,
    }
    assert node["geography"] == {
        "isoCountry": "US",
        "lata": None,
        "rateCenter": None,
        "latitude": None,
        "longitude": None,
        "region": None,
        "locality": None,
        "postalCode": None,
    }
    assert node["configuration"]["statusCallback"] is None
    assert node["configuration"]["statusCallbackMethod"] == "POST"
    assert node["configuration"]["voice"] == {
        "url": None,
        "method": "POST",
        "fallbackUrl": None,
        "fallbackMethod": "POST",
        "applicationSid": None,
        "trunkSid": None,
        "emergencyStatus": "INACTIVE",
        "emergencyAddressSid": None,
        "receiveMode": "VOICE",
        "callerIdLookup": False,
    }
    assert (
        node["configuration"]["sms"]
        == node["configuration"]["mms"]
        == {
            "url": None,
            "method": "POST",
            "fallbackUrl": None,
            "fallbackMethod": "POST",
            "applicationSid": None,
        }
    )
    assert node["billing"] == {
        "monthlyFee": {"amount": "1.15", "currency": "USD"},
        "setupFee": {"amount": "0.00", "currency": "USD"},
        "purchasedAt": "2026-01-05T12:00:00+00:00",
        "nextBillingDate": "2026-02-05T12:00:00+00:00",
        "status": "CURRENT",
    }
    assert node["activity"] == {
        "lastActivityAt": None,
        "callsLast30Days": 0,
        "qualifyingCallsLast30Days": 0,
        "messagesLast30Days": 0,
        "isActive": False,
        "reclaimWarningAt": None,
        "reclaimAfter": None,
    }
    assert node["messagingService"] is None


async def test_active_number_and_node_serve_the_same_tree(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    expected = rich_tree(rich, caller.sid)
    by_sid = await gateway.gql(ACTIVE_NUMBER_FULL_TREE, {"sid": rich.sid})
    by_phone = await gateway.gql(ACTIVE_NUMBER_FULL_TREE, {"phoneNumber": RICH_PHONE})
    assert by_sid["activeNumber"] == by_phone["activeNumber"] == expected


async def test_codecs_split_into_a_list(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(
        gateway.engine,
        caller.sid,
        [
            Number("+14155550100", {"voice_codecs": "PCMU"}),
            Number("+14155550101", {"voice_codecs": ""}),
            Number("+14155550102", {"voice_codecs": "PCMU,PCMA,G722,OPUS"}),
        ],
    )
    data = await gateway.gql("{ activeNumbers { nodes { capabilities { voice { codecs } } } } }")
    codecs = [n["capabilities"]["voice"]["codecs"] for n in data["activeNumbers"]["nodes"]]
    assert codecs == [["PCMU"], [], ["PCMU", "PCMA", "G722", "OPUS"]]


async def test_each_capability_is_null_only_when_not_capable(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(
        gateway.engine,
        caller.sid,
        [
            Number("+14155550100", {"sms_capable": False, "mms_capable": False}),
            Number("+14155550101", {"voice_capable": False, "mms_capable": False}),
            Number("+14155550102", {"voice_capable": False, "sms_capable": False}),
        ],
    )
    data = await gateway.gql(
        "{ activeNumbers { nodes { capabilities {"
        " voice { e911 } sms { gsm7 } mms { inboundMps } } } } }"
    )
    assert [n["capabilities"] for n in data["activeNumbers"]["nodes"]] == [
        {"voice": {"e911": True}, "sms": None, "mms": None},
        {"voice": None, "sms": {"gsm7": True}, "mms": None},
        {"voice": None, "sms": None, "mms": {"inboundMps": 5}},
    ]


async def test_money_is_a_decimal_string(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(
        gateway.engine,
        caller.sid,
        [
            Number("+14155550100", owned={"monthly_fee_minor": 5, "setup_fee_minor": 123456}),
            Number("+14155550101", owned={"monthly_fee_minor": 100, "setup_fee_minor": 0}),
        ],
    )
    data = await gateway.gql(
        "{ activeNumbers { monthlyCost { amount currency } "
        "nodes { billing { monthlyFee { amount } setupFee { amount currency } } } } }"
    )
    billing = [n["billing"] for n in data["activeNumbers"]["nodes"]]
    assert billing == [
        {"monthlyFee": {"amount": "0.05"}, "setupFee": {"amount": "1234.56", "currency": "USD"}},
        {"monthlyFee": {"amount": "1.00"}, "setupFee": {"amount": "0.00", "currency": "USD"}},
    ]
    assert data["activeNumbers"]["monthlyCost"] == {"amount": "1.05", "currency": "USD"}


async def test_friendly_name_defaults_to_the_national_format(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(
        gateway.engine,
        caller.sid,
        [
            "+442071838750",
            Number("+14155550100", owned={"friendly_name": "Support"}),
        ],
    )
    data = await gateway.gql(
        "{ activeNumbers { nodes { phoneNumber friendlyName nationalFormat } } }"
    )
    assert data["activeNumbers"]["nodes"] == [
        {
            "phoneNumber": "+14155550100",
            "friendlyName": "Support",
            "nationalFormat": "(415) 555-0100",
        },
        {
            "phoneNumber": "+442071838750",
            "friendlyName": "020 7183 8750",
            "nationalFormat": "020 7183 8750",
        },
    ]


# --- activity -----------------------------------------------------------------------------------

DAY = timedelta(days=1)
ACTIVITY = """{ activeNumbers { nodes { phoneNumber activity {
  callsLast30Days qualifyingCallsLast30Days messagesLast30Days isActive lastActivityAt
} } } }"""


async def _activity_numbers(gateway: Gateway) -> dict[str, str]:
    caller = await sign_in(gateway)
    phones = {
        "calls": "+14155550100",
        "short calls": "+14155550101",
        "messages": "+14155550102",
        "failed messages": "+14155550103",
        "old calls": "+14155550104",
        "mixed": "+14155550105",
    }
    sids = dict(
        zip(phones, await add_numbers(gateway.engine, caller.sid, phones.values()), strict=True)
    )
    events: dict[str, list[tuple[str, str, int, Any]]] = {
        "calls": [
            ("CALL", "COMPLETED", 12, T0 - 1 * DAY),
            ("CALL", "COMPLETED", 30, T0 - 10 * DAY),
            ("CALL", "COMPLETED", 95, T0 - 29 * DAY),
        ],
        "short calls": [
            ("CALL", "COMPLETED", 11, T0 - 1 * DAY),
            ("CALL", "COMPLETED", 40, T0 - 2 * DAY),
            ("CALL", "COMPLETED", 40, T0 - 3 * DAY),
            ("CALL", "FAILED", 40, T0 - 4 * DAY),
            ("CALL", "BUSY", 0, T0 - 5 * DAY),
        ],
        "messages": [
            ("MESSAGE", "DELIVERED", 0, T0 - 1 * DAY),
            ("MESSAGE", "RECEIVED", 0, T0 - 2 * DAY),
            ("MESSAGE", "SENT", 0, T0 - 3 * DAY),
        ],
        "failed messages": [
            ("MESSAGE", "DELIVERED", 0, T0 - 1 * DAY),
            ("MESSAGE", "FAILED", 0, T0 - 2 * DAY),
            ("MESSAGE", "UNDELIVERED", 0, T0 - 3 * DAY),
            ("MESSAGE", "RECEIVED", 0, T0 - 31 * DAY),
        ],
        "old calls": [
            ("CALL", "COMPLETED", 100, T0 - 31 * DAY),
            ("CALL", "COMPLETED", 100, T0 - 40 * DAY),
            ("CALL", "COMPLETED", 100, T0 - 90 * DAY),
        ],
        "mixed": [  # 2 qualifying calls + 2 messages: neither reaches 3
            ("CALL", "COMPLETED", 20, T0 - 1 * DAY),
            ("CALL", "COMPLETED", 20, T0 - 2 * DAY),
            ("MESSAGE", "DELIVERED", 0, T0 - 3 * DAY),
            ("MESSAGE", "RECEIVED", 0, T0 - 4 * DAY),
        ],
    }
    for name, rows in events.items():
        await add_activity(gateway.engine, sids[name], rows)
    return phones


async def test_activity_counters_and_verdict_follow_the_rule(gateway: Gateway) -> None:
    phones = await _activity_numbers(gateway)
    data = await gateway.gql(ACTIVITY)
    by_phone = {n["phoneNumber"]: n["activity"] for n in data["activeNumbers"]["nodes"]}
    got = {
        name: (
            a["callsLast30Days"],
            a["qualifyingCallsLast30Days"],
            a["messagesLast30Days"],
            a["isActive"],
        )
        for name, a in ((name, by_phone[phone]) for name, phone in phones.items())
    }
    assert got == {
        "calls": (3, 3, 0, True),
        "short calls": (5, 2, 0, False),
        "messages": (0, 0, 3, True),
        "failed messages": (0, 0, 1, False),
        "old calls": (0, 0, 0, False),
        "mixed": (2, 2, 2, False),
    }
    assert by_phone[phones["old calls"]]["lastActivityAt"] == "2025-12-15T12:00:00+00:00"
    assert by_phone[phones["calls"]]["lastActivityAt"] == "2026-01-14T12:00:00+00:00"


async def test_activity_is_measured_from_the_clock(gateway: Gateway) -> None:
    phones = await _activity_numbers(gateway)
    gateway.clock.advance(5 * DAY)  # the 29-day-old call is now 34 days old
    data = await gateway.gql(ACTIVITY)
    by_phone = {n["phoneNumber"]: n["activity"] for n in data["activeNumbers"]["nodes"]}
    calls = by_phone[phones["calls"]]
    assert (calls["qualifyingCallsLast30Days"], calls["isActive"]) == (2, False)
    assert by_phone[phones["messages"]]["isActive"] is True


def _unselected(selection_set: SelectionSetNode, gql_type: GraphQLObjectType) -> list[str]:
    """Fields of ``gql_type`` (recursively) that ``selection_set`` leaves out."""
    missing: list[str] = []
    fields = {s.name.value: s for s in selection_set.selections if isinstance(s, FieldNode)}
    for name, field in gql_type.fields.items():
        if name not in fields:
            missing.append(f"{gql_type.name}.{name}")
            continue
        child = get_named_type(field.type)
        sub = fields[name].selection_set
        if isinstance(child, GraphQLObjectType) and sub is not None:
            missing += _unselected(sub, child)
    return missing


def test_the_full_tree_fragment_selects_every_field() -> None:
    schema = build_schema()._schema
    [fragment] = parse(FULL_TREE_FRAGMENT).definitions
    assert isinstance(fragment, FragmentDefinitionNode)
    active_number = schema.get_type("ActiveNumber")
    assert isinstance(active_number, GraphQLObjectType)
    assert _unselected(fragment.selection_set, active_number) == []
