"""IncomingPhoneNumbers over Twilio's REST API: the same use-cases and reads as GraphQL.

Every test runs on SQLite and PostgreSQL (``gateway`` takes ``database_url``).
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from resolvers.core.tables import owned_numbers
from tests.rest.support import Rest, json_of, twilio_error
from tests.support.catalog import add_numbers_for_sale
from tests.support.client import Gateway
from tests.support.factories import T0, add_account, add_address
from tests.support.numbers import add_number, us_numbers
from tests.support.provisioning import Buyer, money_state, new_buyer


async def _rest(gateway: Gateway, **account: object) -> Rest:
    return Rest(gateway, await new_buyer(gateway.engine, **account))


async def test_list_pages_with_twilio_envelope_and_filters(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    numbers = us_numbers(5)
    for number in numbers:
        await add_number(
            gateway.engine, rest.caller.sid, number, catalog={"beta": number == numbers[4]}
        )
    path = rest.account("/IncomingPhoneNumbers.json")

    first = json_of(await rest.get(path, PageSize=2))
    assert [n["phone_number"] for n in first["incoming_phone_numbers"]] == numbers[:2]
    assert (first["page"], first["page_size"], first["start"], first["end"]) == (0, 2, 0, 1)
    assert first["first_page_uri"] == f"{path}?PageSize=2&Page=0"
    assert first["previous_page_uri"] is None
    second = json_of(await gateway.http.get(first["next_page_uri"], headers=rest._auth()))
    assert [n["phone_number"] for n in second["incoming_phone_numbers"]] == numbers[2:4]
    assert (second["page"], second["start"], second["end"]) == (1, 2, 3)
    back = json_of(await gateway.http.get(second["previous_page_uri"], headers=rest._auth()))
    assert [n["phone_number"] for n in back["incoming_phone_numbers"]] == numbers[:2]
    last = json_of(await gateway.http.get(second["next_page_uri"], headers=rest._auth()))
    assert [n["phone_number"] for n in last["incoming_phone_numbers"]] == numbers[4:]
    assert last["next_page_uri"] is None

    no_beta = json_of(await rest.get(path, Beta="false"))
    assert len(no_beta["incoming_phone_numbers"]) == 4
    pattern = json_of(await rest.get(path, PhoneNumber="+1415555010*", PageSize=1))
    assert pattern["next_page_uri"].count("PhoneNumber=%2B1415555010%2A") == 1
    assert json_of(await rest.get(path, Origin="hosted"))["incoming_phone_numbers"] == []


async def test_number_resource_has_twilio_fields(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    sid = await add_number(gateway.engine, rest.caller.sid, "+14155550100")
    number = json_of(await rest.get(rest.account(f"/IncomingPhoneNumbers/{sid}.json")))
    assert number["sid"] == sid
    assert number["account_sid"] == rest.caller.sid
    assert number["phone_number"] == "+14155550100"
    assert number["friendly_name"] == "(415) 555-0100"
    assert number["capabilities"] == {"voice": True, "sms": True, "mms": True, "fax": False}
    assert number["origin"] == "twilio"
    assert number["status"] == "in-use"
    assert number["address_requirements"] == "none"
    assert number["uri"] == rest.account(f"/IncomingPhoneNumbers/{sid}.json")
    created = parsedate_to_datetime(number["date_created"])
    assert created.utcoffset() is not None
    assert number["date_created"].endswith("+0000")
    assert created.replace(tzinfo=None) == T0 - timedelta(days=10)


async def test_buy_by_number_and_by_area_code(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    await add_numbers_for_sale(
        gateway.engine,
        {
            "+14155550100": {},
            "+12125550100": {},
            "+18005550100": {"type": "TOLLFREE"},
            "+14165550100": {"region": "ON", "locality": "Toronto"},
        },
    )
    bought = json_of(
        await rest.post(
            rest.account("/IncomingPhoneNumbers.json"),
            PhoneNumber="+14155550100",
            FriendlyName="Support",
            VoiceUrl="https://example.com/voice",
            VoiceMethod="GET",
            SmsUrl="https://example.com/sms",
        ),
        201,
    )
    assert bought["friendly_name"] == "Support"
    assert bought["voice_url"] == "https://example.com/voice"
    assert (bought["voice_method"], bought["sms_url"]) == ("GET", "https://example.com/sms")
    by_area = json_of(
        await rest.post(rest.account("/IncomingPhoneNumbers/Local.json"), AreaCode="212"), 201
    )
    assert by_area["phone_number"] == "+12125550100"
    toll_free = json_of(
        await rest.post(rest.account("/IncomingPhoneNumbers/TollFree.json"), AreaCode="800"), 201
    )
    assert toll_free["phone_number"] == "+18005550100"
    toronto = json_of(
        await rest.post(rest.account("/IncomingPhoneNumbers.json"), AreaCode="416"), 201
    )
    assert toronto["phone_number"] == "+14165550100"  # AreaCode covers Canada too
    local = json_of(await rest.get(rest.account("/IncomingPhoneNumbers/Local.json")))
    assert [n["phone_number"] for n in local["incoming_phone_numbers"]] == [
        "+12125550100",
        "+14155550100",
        "+14165550100",
    ]


async def test_purchase_refusals_carry_the_graphql_codes(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    await add_numbers_for_sale(
        gateway.engine, {"+14155550100": {"address_requirements": "ANY"}, "+14155550101": {}}
    )
    path = rest.account("/IncomingPhoneNumbers.json")
    before = await money_state(gateway.engine, rest.caller.sid)
    body = twilio_error(await rest.post(path, PhoneNumber="+1415"), 400, 21421)
    assert body["message"].startswith("PhoneNumber:")
    assert body["more_info"].endswith("/21421")
    twilio_error(await rest.post(path, PhoneNumber="+14155550199"), 400, 21422)
    twilio_error(await rest.post(path, AreaCode="999"), 400, 21451)
    twilio_error(await rest.post(path, AreaCode="212"), 400, 21452)
    twilio_error(await rest.post(path, PhoneNumber="+14155550100"), 400, 21631)
    body = twilio_error(
        await rest.post(path, PhoneNumber="+14155550101", VoiceUrl="ftp://x"), 400, 21402
    )
    assert body["message"].startswith("VoiceUrl:")
    body = twilio_error(
        await rest.post(path, PhoneNumber="+14155550101", SmsMethod="PUT"), 400, 21403
    )
    assert body["message"].startswith("SmsMethod:")
    body = twilio_error(await rest.post(path), 400, 400)
    assert body["error_code"] == "INVALID_INPUT"
    assert "PhoneNumber" in body["message"]
    assert await money_state(gateway.engine, rest.caller.sid) == before


async def test_update_configures_and_transfers(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    sub = await add_account(gateway.engine, parent_sid=rest.caller.sid)
    sid = await add_number(gateway.engine, rest.caller.sid, "+14155550100")
    path = rest.account(f"/IncomingPhoneNumbers/{sid}.json")
    updated = json_of(
        await rest.post(
            path,
            FriendlyName="Sales",
            VoiceFallbackUrl="https://example.com/fallback",
            VoiceUrl="https://example.com/voice",
            StatusCallback="https://example.com/status",
            VoiceCallerIdLookup=True,
            VoiceReceiveMode="fax",
        )
    )
    assert (updated["friendly_name"], updated["voice_fallback_url"]) == (
        "Sales",
        "https://example.com/fallback",
    )
    assert updated["voice_caller_id_lookup"] is True
    assert updated["voice_receive_mode"] == "fax"
    cleared = json_of(await rest.post(path, StatusCallback=""))
    assert cleared["status_callback"] is None
    assert cleared["friendly_name"] == "Sales"
    body = twilio_error(await rest.post(path, SmsFallbackUrl="https://example.com/f"), 400, 21406)
    assert body["message"].startswith("SmsFallbackUrl:")

    moved = json_of(await rest.post(path, AccountSid=sub.sid, FriendlyName="Moved"))
    assert moved["account_sid"] == sub.sid
    assert moved["friendly_name"] == "Moved"
    assert moved["uri"] == rest.account(f"/IncomingPhoneNumbers/{sid}.json", sub.sid)
    twilio_error(await rest.get(path), 404, 20404)
    under_sub = json_of(await rest.get(rest.account(f"/IncomingPhoneNumbers/{sid}.json", sub.sid)))
    assert under_sub["friendly_name"] == "Moved"


async def test_transfer_refusals(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    sub = await add_account(gateway.engine, parent_sid=rest.caller.sid)
    closed = await add_account(gateway.engine, parent_sid=rest.caller.sid, status="SUSPENDED")
    stranger = await add_account(gateway.engine)
    sid = await add_number(gateway.engine, rest.caller.sid, "+14155550100")
    path = rest.account(f"/IncomingPhoneNumbers/{sid}.json")
    twilio_error(await rest.post(path, AccountSid=stranger.sid), 400, 21473)
    twilio_error(await rest.post(path, AccountSid=closed.sid), 400, 21472)
    twilio_error(await rest.post(path, AccountSid="ACnope"), 400, 21471)
    # the name change of a refused transfer is not kept either: one transaction
    twilio_error(await rest.post(path, AccountSid=closed.sid, FriendlyName="Kept?"), 400, 21472)
    assert json_of(await rest.get(path))["friendly_name"] == "(415) 555-0100"
    sub_rest = Rest(gateway, Buyer(sub.sid, sub.token))
    moved = await add_number(gateway.engine, sub.sid, "+14155550101")
    sub_path = sub_rest.account(f"/IncomingPhoneNumbers/{moved}.json")
    twilio_error(await sub_rest.post(sub_path, AccountSid=rest.caller.sid), 400, 21474)


async def test_delete_releases_with_204(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    sid = await add_number(gateway.engine, rest.caller.sid, "+14155550100")
    path = rest.account(f"/IncomingPhoneNumbers/{sid}.json")
    response = await rest.delete(path)
    assert response.status_code == 204
    assert response.content == b""
    async with gateway.engine.connect() as conn:
        status = await conn.scalar(select(owned_numbers.c.status).where(owned_numbers.c.sid == sid))
    assert status == "RELEASED"
    twilio_error(await rest.get(path), 404, 20404)
    twilio_error(await rest.delete(path), 404, 20404)


async def test_nothing_of_another_account_is_visible(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    other = await _rest(gateway)
    sid = await add_number(gateway.engine, other.caller.sid, "+14155550100")
    await add_address(gateway.engine, other.caller.sid)
    mine = rest.account(f"/IncomingPhoneNumbers/{sid}.json")
    theirs = rest.account(f"/IncomingPhoneNumbers/{sid}.json", other.caller.sid)
    for response in (
        await rest.get(mine),
        await rest.post(mine, FriendlyName="x"),
        await rest.delete(mine),
        await rest.get(theirs),
        await rest.get(rest.account("/IncomingPhoneNumbers.json", other.caller.sid)),
        await rest.post(rest.account("/IncomingPhoneNumbers.json", other.caller.sid)),
    ):
        twilio_error(response, 404, 20404)
    unauthenticated = await gateway.http.get(rest.account("/IncomingPhoneNumbers.json"))
    twilio_error(unauthenticated, 401, 20003)
    assert "Basic" in unauthenticated.headers["WWW-Authenticate"]


async def test_bad_parameters_name_the_parameter(gateway: Gateway) -> None:
    rest = await _rest(gateway)
    path = rest.account("/IncomingPhoneNumbers.json")
    for params, name in (
        ({"PageSize": "0"}, "PageSize"),
        ({"PageSize": "1001"}, "PageSize"),
        ({"Page": "2"}, "Page"),
        ({"PageToken": "nonsense"}, "PageToken"),
        ({"PageToken": "PAnonsense"}, "PageToken"),
        ({"Beta": "maybe"}, "Beta"),
        ({"Origin": "elsewhere"}, "Origin"),
        ({"PhoneNumber": "12-34"}, "PhoneNumber"),
    ):
        body = twilio_error(await rest.get(path, **params), 400, 400)
        assert body["message"].startswith(f"{name}:"), (params, body)
