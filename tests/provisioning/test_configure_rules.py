"""configurePhoneNumber: every refusal, with its ErrorCode and Twilio code, leaves the number
exactly as it was (REFERENCE.md, Configuration)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from resolvers.core.tables import owned_numbers
from tests.support.client import Gateway
from tests.support.mutations import accepted, call, create, refusal
from tests.support.numbers import Caller, add_number, new_caller, sign_in

SF = "+14155550100"
LONG_URL = "https://example.com/" + "a" * 481  # 501 characters


async def stored(gateway: Gateway, sid: str) -> dict[str, Any] | None:
    """The number's row as the database holds it (None when there is none)."""
    async with gateway.engine.connect() as conn:
        row = (await conn.execute(select(owned_numbers).where(owned_numbers.c.sid == sid))).first()
    return None if row is None else dict(row._mapping)


async def refused_unchanged(
    gateway: Gateway,
    caller: Caller,
    sid: str,
    code: str,
    twilio_code: int | None,
    field: list[str],
    **input_: Any,
) -> dict[str, Any]:
    """Configure ``sid`` with ``input_``; check the refusal and that nothing was written."""
    before = await stored(gateway, sid)
    error = refusal(
        await call(gateway, caller, "configurePhoneNumber", sid=sid, **input_), code, twilio_code
    )
    assert error["field"] == field, error
    assert await stored(gateway, sid) == before
    return error


async def test_urls_must_be_absolute_http(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    bad = [
        "/voice",
        "voice.xml",
        "ftp://example.com/x",
        "mailto:a@example.com",
        "https://",
        LONG_URL,
        "http://[::1",
        "https://exa mple.com/",
        "https://example.com/\nx",
    ]
    for url in bad:
        cases: list[tuple[list[str], dict[str, Any]]] = [
            (["voice", "url"], {"voice": {"url": url}}),
            (["sms", "url"], {"sms": {"url": url}}),
            (["mms", "fallbackUrl"], {"mms": {"url": "https://ok.example", "fallbackUrl": url}}),
            (["statusCallback"], {"statusCallback": url}),
        ]
        for path, input_ in cases:
            await refused_unchanged(
                gateway, caller, sid, "INVALID_URL", 21402, ["input", *path], **input_
            )
    payload = await call(
        gateway, caller, "configurePhoneNumber", sid=sid, voice={"url": LONG_URL[:500]}
    )
    assert accepted(payload)["activeNumber"]["configuration"]["voice"]["url"] == LONG_URL[:500]


async def test_a_fallback_needs_a_url(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    fallback = "https://example.com/fallback"
    for kind, code, twilio_code in [
        ("voice", "FALLBACK_WITHOUT_URL", 21405),
        ("sms", "SMS_FALLBACK_WITHOUT_URL", 21406),
        ("mms", "SMS_FALLBACK_WITHOUT_URL", 21406),
    ]:
        await refused_unchanged(
            gateway,
            caller,
            sid,
            code,
            twilio_code,
            ["input", kind, "fallbackUrl"],
            **{kind: {"fallbackUrl": fallback}},
        )
        both = {"url": "https://example.com/main", "fallbackUrl": fallback}
        accepted(await call(gateway, caller, "configurePhoneNumber", sid=sid, **{kind: both}))
        # clearing the url while the fallback stays is the same mistake
        await refused_unchanged(
            gateway,
            caller,
            sid,
            code,
            twilio_code,
            ["input", kind, "fallbackUrl"],
            **{kind: {"url": None}},
        )
        cleared = {"url": None, "fallbackUrl": None}
        payload = await call(gateway, caller, "configurePhoneNumber", sid=sid, **{kind: cleared})
        config = accepted(payload)["activeNumber"]["configuration"][kind]
        assert (config["url"], config["fallbackUrl"]) == (None, None)


async def test_sms_and_mms_settings_need_the_capability(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    no_sms = await add_number(
        gateway.engine, caller.sid, SF, catalog={"sms_capable": False, "mms_capable": False}
    )
    for kind in ("sms", "mms"):
        for change in ({"url": "https://example.com/in"}, {"method": "GET"}, {"url": None}):
            await refused_unchanged(
                gateway,
                caller,
                no_sms,
                "SMS_NOT_SUPPORTED",
                21407,
                ["input", kind],
                **{kind: change},
            )
    # voice settings on the same number are fine, and an empty sms object changes nothing
    payload = await call(
        gateway,
        caller,
        "configurePhoneNumber",
        sid=no_sms,
        voice={"url": "https://example.com/voice"},
        sms={},
    )
    accepted(payload)


async def test_mms_alone_may_be_missing(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF, catalog={"mms_capable": False})
    accepted(await call(gateway, caller, "configurePhoneNumber", sid=sid, sms={"method": "GET"}))
    await refused_unchanged(
        gateway, caller, sid, "SMS_NOT_SUPPORTED", 21407, ["input", "mms"], mms={"method": "GET"}
    )


async def test_applications_and_trunks_must_be_the_owners(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    other = await new_caller(gateway.engine)
    sid = await add_number(gateway.engine, caller.sid, SF)
    foreign_app = await create(gateway, other, "createApplication", friendlyName="Theirs")
    foreign_trunk = await create(gateway, other, "createTrunk", friendlyName="Theirs")
    cases = [
        (["voice", "applicationSid"], {"voice": {"applicationSid": foreign_app}}),
        (["voice", "trunkSid"], {"voice": {"trunkSid": foreign_trunk}}),
        (["sms", "applicationSid"], {"sms": {"applicationSid": foreign_app}}),
        (["mms", "applicationSid"], {"mms": {"applicationSid": foreign_app}}),
        (["voice", "applicationSid"], {"voice": {"applicationSid": foreign_trunk}}),
        (["voice", "trunkSid"], {"voice": {"trunkSid": "TK" + "0" * 32}}),
        (["voice", "applicationSid"], {"voice": {"applicationSid": "not a sid"}}),
    ]
    for path, input_ in cases:
        await refused_unchanged(
            gateway, caller, sid, "INVALID_APPLICATION", 21420, ["input", *path], **input_
        )


async def test_trunk_and_application_at_once_is_invalid(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    app = await create(gateway, caller, "createApplication", friendlyName="IVR")
    trunk = await create(gateway, caller, "createTrunk", friendlyName="PBX")
    await refused_unchanged(
        gateway,
        caller,
        sid,
        "INVALID_INPUT",
        None,
        ["input", "voice", "trunkSid"],
        voice={"applicationSid": app, "trunkSid": trunk},
    )


async def test_friendly_name_is_at_most_64_characters(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    await refused_unchanged(
        gateway,
        caller,
        sid,
        "FRIENDLY_NAME_TOO_LONG",
        None,
        ["input", "friendlyName"],
        friendlyName="x" * 65,
    )
    payload = await call(gateway, caller, "configurePhoneNumber", sid=sid, friendlyName="y" * 64)
    assert accepted(payload)["activeNumber"]["friendlyName"] == "y" * 64


async def test_an_active_emergency_registration_needs_an_address(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    field = ["input", "voice", "emergencyStatus"]
    await refused_unchanged(
        gateway, caller, sid, "INVALID_INPUT", None, field, voice={"emergencyStatus": "ACTIVE"}
    )
    address = accepted(
        await call(
            gateway,
            caller,
            "createAddress",
            customerName="Acme",
            street="1 Main St",
            city="Springfield",
            region="IL",
            postalCode="62701",
            isoCountry="US",
        )
    )["address"]["sid"]
    payload = await call(
        gateway,
        caller,
        "configurePhoneNumber",
        sid=sid,
        voice={"emergencyStatus": "ACTIVE", "emergencyAddressSid": address},
    )
    voice = accepted(payload)["activeNumber"]["configuration"]["voice"]
    assert (voice["emergencyStatus"], voice["emergencyAddressSid"]) == ("ACTIVE", address)
    # removing the address while the registration stays active is the same mistake
    await refused_unchanged(
        gateway, caller, sid, "INVALID_INPUT", None, field, voice={"emergencyAddressSid": None}
    )
    someone_elses = "AD" + "1" * 32
    await refused_unchanged(
        gateway,
        caller,
        sid,
        "NOT_FOUND",
        20404,
        ["input", "voice", "emergencyAddressSid"],
        voice={"emergencyAddressSid": someone_elses},
    )


async def test_numbers_of_other_accounts_are_not_found(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    stranger = await new_caller(gateway.engine)
    theirs = await add_number(gateway.engine, stranger.sid, SF)
    released = await add_number(gateway.engine, caller.sid, "+14155550101", status="RELEASED")
    for sid in (theirs, released, "PN" + "0" * 32, "garbage"):
        await refused_unchanged(
            gateway, caller, sid, "NOT_FOUND", 20404, ["input", "sid"], friendlyName="Mine now"
        )
    # naming the stranger's account does not help either
    error = refusal(
        await call(
            gateway,
            caller,
            "configurePhoneNumber",
            sid=theirs,
            accountSid=stranger.sid,
            friendlyName="Mine now",
        ),
        "NOT_FOUND",
        20404,
    )
    assert error["field"] == ["input", "accountSid"]


async def test_a_subaccount_cannot_reach_its_parent_or_siblings(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    sibling = await new_caller(gateway.engine, parent_sid=parent.sid)
    parents = await add_number(gateway.engine, parent.sid, SF)
    siblings = await add_number(gateway.engine, sibling.sid, "+14155550101")
    for sid in (parents, siblings):
        await refused_unchanged(
            gateway, child, sid, "NOT_FOUND", 20404, ["input", "sid"], friendlyName="Hi"
        )


async def test_a_bad_method_is_a_validation_error_not_a_500(gateway: Gateway) -> None:
    """INVALID_METHOD [21403] cannot happen: HttpMethod only has GET and POST, so GraphQL
    validation refuses anything else before the mutation runs."""
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    query = (
        "mutation($input: ConfigurePhoneNumberInput!) "
        "{ configurePhoneNumber(input: $input) { activeNumber { sid } userErrors { code } } }"
    )
    for voice in ({"method": "PUT"}, {"fallbackMethod": "get"}, {"method": 1}):
        errors = await gateway.gql_errors(query, {"input": {"sid": sid, "voice": voice}})
        assert "HttpMethod" in errors[0]["message"], errors
        assert "Internal server error" not in str(errors)
    literal = (
        f'mutation {{ configurePhoneNumber(input: {{sid: "{sid}", statusCallbackMethod: PUT}}) '
        "{ userErrors { code } } }"
    )
    errors = await gateway.gql_errors(literal)
    assert "HttpMethod" in errors[0]["message"], errors
    before = await stored(gateway, sid)
    assert before is not None
    assert before["voice_method"] == "POST"
