"""configurePhoneNumber: what a change writes, and what it keeps.

A field left out keeps its value; an explicit null clears it (a name back to the national format,
a method back to POST, an enum back to its default). Trunk and voice application exclude each
other. Address and identity bindings must keep meeting the number's requirement.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.client import Gateway
from tests.support.factories import add_address
from tests.support.mutations import accepted, call, create, refusal
from tests.support.numbers import Caller, add_number, new_caller, sign_in
from tests.support.scenarios import add_rich_number

SF = "+14155550100"


async def configure(gateway: Gateway, caller: Caller, sid: str, **input_: Any) -> dict[str, Any]:
    """The configured number, after checking the configure was accepted."""
    payload = accepted(await call(gateway, caller, "configurePhoneNumber", sid=sid, **input_))
    number: dict[str, Any] = payload["activeNumber"]
    return number


async def test_fields_left_out_keep_their_values(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    before = await configure(gateway, caller, rich.sid)  # an empty change: a plain read
    after = await configure(gateway, caller, rich.sid, sms={"url": "https://example.com/sms2"})
    expected = {**before["configuration"]}
    expected["sms"] = {**before["configuration"]["sms"], "url": "https://example.com/sms2"}
    assert after["configuration"] == expected
    assert after["friendlyName"] == before["friendlyName"] == "Main line"
    assert after["regulatory"] == before["regulatory"]


async def test_nulls_clear_and_restore_defaults(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    after = await configure(
        gateway,
        caller,
        rich.sid,
        friendlyName=None,
        statusCallback=None,
        statusCallbackMethod=None,
        voice={
            "method": None,
            "fallbackUrl": None,
            "applicationSid": None,
            "emergencyStatus": None,
            "receiveMode": None,
            "callerIdLookup": None,
        },
        sms={"applicationSid": None, "fallbackMethod": None},
    )
    assert after["friendlyName"] == "(800) 555-0100"
    config = after["configuration"]
    assert (config["statusCallback"], config["statusCallbackMethod"]) == (None, "POST")
    assert config["voice"] == {
        "url": "https://example.com/voice",
        "method": "POST",
        "fallbackUrl": None,
        "fallbackMethod": "POST",
        "applicationSid": None,
        "trunkSid": None,
        "emergencyStatus": "INACTIVE",
        "emergencyAddressSid": rich.emergency_address_sid,
        "receiveMode": "VOICE",
        "callerIdLookup": False,
    }
    assert config["sms"]["applicationSid"] is None
    assert config["sms"]["fallbackMethod"] == "POST"
    assert config["sms"]["url"] == "https://example.com/sms"


async def test_every_field_can_be_set(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    app = await create(gateway, caller, "createApplication", friendlyName="Bot")
    address = await add_address(gateway.engine, caller.sid)
    routing = {
        "url": "https://example.com/in",
        "method": "GET",
        "fallbackUrl": "http://example.com/fb",
        "fallbackMethod": "GET",
        "applicationSid": app,
    }
    after = await configure(
        gateway,
        caller,
        sid,
        friendlyName="  Support line ",
        statusCallback="https://example.com/status",
        statusCallbackMethod="GET",
        voice={
            **routing,
            "emergencyStatus": "ACTIVE",
            "emergencyAddressSid": address,
            "receiveMode": "FAX",
            "callerIdLookup": True,
        },
        sms=routing,
        mms=routing,
    )
    assert after["friendlyName"] == "  Support line "
    config = after["configuration"]
    assert config["voice"] == {
        **routing,
        "trunkSid": None,
        "emergencyStatus": "ACTIVE",
        "emergencyAddressSid": address,
        "receiveMode": "FAX",
        "callerIdLookup": True,
    }
    assert config["sms"] == config["mms"] == routing
    assert (config["statusCallback"], config["statusCallbackMethod"]) == (
        "https://example.com/status",
        "GET",
    )


async def test_trunk_and_application_replace_each_other(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    app = await create(gateway, caller, "createApplication", friendlyName="IVR")
    trunk = await create(gateway, caller, "createTrunk", friendlyName="PBX")

    def routing(number: dict[str, Any]) -> tuple[str | None, str | None]:
        voice = number["configuration"]["voice"]
        return voice["applicationSid"], voice["trunkSid"]

    assert routing(await configure(gateway, caller, sid, voice={"applicationSid": app})) == (
        app,
        None,
    )
    assert routing(await configure(gateway, caller, sid, voice={"trunkSid": trunk})) == (
        None,
        trunk,
    )
    assert routing(await configure(gateway, caller, sid, voice={"applicationSid": app})) == (
        app,
        None,
    )
    # clearing one does not touch the other; setting one while clearing the other is fine
    assert routing(await configure(gateway, caller, sid, voice={"trunkSid": None})) == (app, None)
    both = {"applicationSid": None, "trunkSid": trunk}
    assert routing(await configure(gateway, caller, sid, voice=both)) == (None, trunk)
    # the sms application is independent of the voice routing
    after = await configure(gateway, caller, sid, sms={"applicationSid": app})
    assert routing(after) == (None, trunk)
    assert after["configuration"]["sms"]["applicationSid"] == app


async def test_updated_at_comes_from_the_clock(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, SF)
    gateway.clock.advance(timedelta(days=2, hours=3))
    after = await configure(gateway, caller, sid, friendlyName="Later")
    assert after["updatedAt"] == "2026-01-17T15:00:00+00:00"


async def test_address_binding_keeps_the_requirement(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    stranger = await new_caller(gateway.engine)
    us = await add_address(gateway.engine, caller.sid, "US")
    gb = await add_address(gateway.engine, caller.sid, "GB")
    theirs = await add_address(gateway.engine, stranger.sid, "US")
    sid = await add_number(
        gateway.engine, caller.sid, SF, catalog={"address_requirements": "LOCAL"}, address_sid=us
    )
    field = ["input", "addressSid"]
    error = refusal(
        await call(gateway, caller, "configurePhoneNumber", sid=sid, addressSid=None),
        "ADDRESS_REQUIRED",
        21631,
    )
    assert error["field"] == field
    error = refusal(
        await call(gateway, caller, "configurePhoneNumber", sid=sid, addressSid=gb),
        "LOCAL_ADDRESS_REQUIRED",
        21615,
    )
    assert error["field"] == field
    error = refusal(
        await call(gateway, caller, "configurePhoneNumber", sid=sid, addressSid=theirs),
        "NOT_FOUND",
        20404,
    )
    assert error["field"] == field
    second_us = await add_address(gateway.engine, caller.sid, "US")
    after = await configure(gateway, caller, sid, addressSid=second_us)
    assert after["regulatory"]["address"] == {"sid": second_us}


async def test_address_may_be_cleared_when_not_required(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    address = await add_address(gateway.engine, caller.sid, "GB")
    sid = await add_number(gateway.engine, caller.sid, SF, address_sid=address)
    assert (await configure(gateway, caller, sid, addressSid=None))["regulatory"]["address"] is None
    after = await configure(gateway, caller, sid, addressSid=address)
    assert after["regulatory"]["address"] == {"sid": address}


async def test_identity_binding_keeps_the_requirement(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    stranger = await new_caller(gateway.engine)
    mine = await create(gateway, caller, "createIdentityDocument", friendlyName="Passport")
    theirs = await create(gateway, stranger, "createIdentityDocument", friendlyName="Passport")
    sid = await add_number(
        gateway.engine, caller.sid, SF, catalog={"identity_required": True}, identity_sid=mine
    )
    field = ["input", "identitySid"]
    error = refusal(
        await call(gateway, caller, "configurePhoneNumber", sid=sid, identitySid=None),
        "IDENTITY_DOCUMENT_REQUIRED",
        21650,
    )
    assert error["field"] == field
    error = refusal(
        await call(gateway, caller, "configurePhoneNumber", sid=sid, identitySid=theirs),
        "NOT_FOUND",
        20404,
    )
    assert error["field"] == field
    other = await create(gateway, caller, "createIdentityDocument", friendlyName="ID card")
    after = await configure(gateway, caller, sid, identitySid=other)
    assert after["regulatory"]["identitySid"] == other


async def test_a_parent_configures_its_subaccounts_numbers(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    sid = await add_number(gateway.engine, child.sid, SF)
    after = await configure(gateway, parent, sid, friendlyName="By parent")
    assert (after["friendlyName"], after["accountSid"]) == ("By parent", child.sid)
    after = await configure(gateway, parent, sid, accountSid=child.sid, friendlyName="Named")
    assert after["friendlyName"] == "Named"
    # the application must be the owner's (the subaccount's), not the caller's
    parents_app = await create(gateway, parent, "createApplication", friendlyName="Parent's")
    refusal(
        await call(
            gateway, parent, "configurePhoneNumber", sid=sid, voice={"applicationSid": parents_app}
        ),
        "INVALID_APPLICATION",
        21420,
    )
    childs_app = await create(
        gateway, parent, "createApplication", friendlyName="Child's", accountSid=child.sid
    )
    after = await configure(gateway, parent, sid, voice={"applicationSid": childs_app})
    assert after["configuration"]["voice"]["applicationSid"] == childs_app
    # naming the parent itself does not reach the subaccount's number
    refusal(
        await call(
            gateway,
            parent,
            "configurePhoneNumber",
            sid=sid,
            accountSid=parent.sid,
            friendlyName="x",
        ),
        "NOT_FOUND",
        20404,
    )
    # the subaccount configures its own number too
    after = await configure(gateway, child, sid, friendlyName="By child")
    assert after["friendlyName"] == "By child"
