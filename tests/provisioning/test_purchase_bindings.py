"""purchasePhoneNumber: address and identity requirements, and what a purchase binds and sets
(friendlyName, trunkSid, configuration). A refused binding rolls the whole purchase back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.client import Gateway
from tests.support.factories import add_address, add_catalog, catalog_row
from tests.support.provisioning import (
    Buyer,
    add_identity_document,
    add_trunk,
    assert_balanced,
    catalog_state,
    new_buyer,
    ok,
    ownerships,
    purchase,
    refused,
)

SF = "+14155550100"
LONDON = "+442079460000"


async def _assert_rolled_back(gateway: Gateway, buyer: Buyer, phone_number: str) -> None:
    assert await catalog_state(gateway.engine, phone_number) == ("available", None)
    assert await ownerships(gateway.engine, phone_number) == []
    state = await assert_balanced(gateway.engine, buyer.sid)
    assert state.ledger_count == 1


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone_number", "requirement", "address_countries", "code", "twilio_code"),
    [
        (SF, "ANY", [], "ADDRESS_REQUIRED", 21631),
        (SF, "LOCAL", [], "ADDRESS_REQUIRED", 21631),
        (SF, "FOREIGN", [], "ADDRESS_REQUIRED", 21631),
        (SF, "LOCAL", ["GB"], "LOCAL_ADDRESS_REQUIRED", 21615),
        (SF, "LOCAL", ["GB", "CA"], "LOCAL_ADDRESS_REQUIRED", 21615),
        (LONDON, "LOCAL", ["US"], "LOCAL_ADDRESS_REQUIRED", 21615),
        # 21615 means "a local address": a foreign requirement has no Twilio code of its own
        (SF, "FOREIGN", ["US"], "FOREIGN_ADDRESS_REQUIRED", None),
        (LONDON, "FOREIGN", ["GB"], "FOREIGN_ADDRESS_REQUIRED", None),
    ],
)
async def test_missing_address_is_refused(
    gateway: Gateway,
    phone_number: str,
    requirement: str,
    address_countries: list[str],
    code: str,
    twilio_code: int | None,
) -> None:
    buyer = await new_buyer(gateway.engine)
    for country in address_countries:
        await add_address(gateway.engine, buyer.sid, country)
    await add_catalog(gateway.engine, [catalog_row(phone_number, address_requirements=requirement)])
    error = refused(await purchase(gateway, buyer, phoneNumber=phone_number), code, twilio_code)
    assert error["field"] == ["input", "addressSid"]
    await _assert_rolled_back(gateway, buyer, phone_number)


@pytest.mark.parametrize(
    ("phone_number", "requirement", "address_countries", "bound_country"),
    [
        (SF, "ANY", ["GB"], "GB"),
        (SF, "ANY", ["US"], "US"),
        (SF, "LOCAL", ["US"], "US"),
        (SF, "LOCAL", ["GB", "US"], "US"),
        (SF, "FOREIGN", ["US", "GB"], "GB"),
        (LONDON, "LOCAL", ["US", "GB"], "GB"),
        (LONDON, "FOREIGN", ["GB", "US"], "US"),
    ],
)
async def test_a_qualifying_address_of_the_account_is_bound(
    gateway: Gateway,
    phone_number: str,
    requirement: str,
    address_countries: list[str],
    bound_country: str,
) -> None:
    buyer = await new_buyer(gateway.engine)
    sids = {
        country: await add_address(gateway.engine, buyer.sid, country)
        for country in address_countries
    }
    await add_catalog(gateway.engine, [catalog_row(phone_number, address_requirements=requirement)])
    number = ok(await purchase(gateway, buyer, phoneNumber=phone_number))["activeNumber"]
    assert number["regulatory"]["addressRequirements"] == requirement
    assert number["regulatory"]["address"] == {
        "sid": sids[bound_country],
        "isoCountry": bound_country,
    }
    await assert_balanced(gateway.engine, buyer.sid)


async def test_no_address_is_bound_when_none_is_needed(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_address(gateway.engine, buyer.sid, "US")
    await add_catalog(gateway.engine, [catalog_row(SF)])
    number = ok(await purchase(gateway, buyer, phoneNumber=SF))["activeNumber"]
    assert number["regulatory"]["addressRequirements"] == "NONE"
    assert number["regulatory"]["address"] is None


async def test_an_explicit_address_is_bound(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_address(gateway.engine, buyer.sid, "US")
    second = await add_address(gateway.engine, buyer.sid, "US")
    await add_catalog(
        gateway.engine,
        [catalog_row(SF, address_requirements="LOCAL"), catalog_row("+14155550101")],
    )
    bought = ok(await purchase(gateway, buyer, phoneNumber=SF, addressSid=second))
    assert bought["activeNumber"]["regulatory"]["address"]["sid"] == second
    no_need = ok(await purchase(gateway, buyer, phoneNumber="+14155550101", addressSid=second))
    assert no_need["activeNumber"]["regulatory"]["address"]["sid"] == second


async def test_an_explicit_address_must_qualify(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_address(gateway.engine, buyer.sid, "US")  # would qualify, but is not the one named
    foreign = await add_address(gateway.engine, buyer.sid, "GB")
    await add_catalog(gateway.engine, [catalog_row(SF, address_requirements="LOCAL")])
    payload = await purchase(gateway, buyer, phoneNumber=SF, addressSid=foreign)
    error = refused(payload, "LOCAL_ADDRESS_REQUIRED", 21615)
    assert error["field"] == ["input", "addressSid"]
    await _assert_rolled_back(gateway, buyer, SF)


@pytest.mark.parametrize("requirement", ["NONE", "ANY", "LOCAL"])
async def test_an_address_of_another_account_is_not_found(
    gateway: Gateway, requirement: str
) -> None:
    buyer = await new_buyer(gateway.engine)
    other = await new_buyer(gateway.engine)
    await add_address(gateway.engine, buyer.sid, "US")
    theirs = await add_address(gateway.engine, other.sid, "US")
    await add_catalog(gateway.engine, [catalog_row(SF, address_requirements=requirement)])
    payload = await purchase(gateway, buyer, phoneNumber=SF, addressSid=theirs)
    error = refused(payload, "NOT_FOUND", 20404)
    assert error["field"] == ["input", "addressSid"]
    await _assert_rolled_back(gateway, buyer, SF)


# --- identity documents ------------------------------------------------------------------


async def test_identity_document_required(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    other = await new_buyer(gateway.engine)
    pending = await add_identity_document(gateway.engine, buyer.sid, "PENDING")
    rejected = await add_identity_document(gateway.engine, buyer.sid, "REJECTED")
    theirs = await add_identity_document(gateway.engine, other.sid, "VERIFIED")
    await add_catalog(gateway.engine, [catalog_row(SF, identity_required=True)])
    for identity_sid in (None, pending, rejected):
        payload = await purchase(gateway, buyer, phoneNumber=SF, identitySid=identity_sid)
        error = refused(payload, "IDENTITY_DOCUMENT_REQUIRED", 21650)
        assert error["field"] == ["input", "identitySid"]
    payload = await purchase(gateway, buyer, phoneNumber=SF, identitySid=theirs)
    refused(payload, "NOT_FOUND", 20404)
    await _assert_rolled_back(gateway, buyer, SF)


async def test_a_verified_identity_document_is_bound(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    verified = await add_identity_document(gateway.engine, buyer.sid, "VERIFIED")
    await add_catalog(gateway.engine, [catalog_row(SF, identity_required=True)])
    number = ok(await purchase(gateway, buyer, phoneNumber=SF, identitySid=verified))
    regulatory = number["activeNumber"]["regulatory"]
    assert regulatory["identityRequired"] is True
    assert regulatory["identitySid"] == verified


async def test_identity_and_local_address_together(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    verified = await add_identity_document(gateway.engine, buyer.sid)
    await add_catalog(
        gateway.engine,
        [catalog_row(LONDON, identity_required=True, address_requirements="LOCAL")],
    )
    payload = await purchase(gateway, buyer, phoneNumber=LONDON, identitySid=verified)
    refused(payload, "ADDRESS_REQUIRED", 21631)
    address = await add_address(gateway.engine, buyer.sid, "GB")
    number = ok(await purchase(gateway, buyer, phoneNumber=LONDON, identitySid=verified))
    regulatory = number["activeNumber"]["regulatory"]
    assert regulatory["identitySid"] == verified
    assert regulatory["address"]["sid"] == address


# --- friendlyName, trunkSid, configuration -----------------------------------------------


async def test_friendly_name_at_purchase(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF), catalog_row("+14155550101")])
    name = "x" * 64
    number = ok(await purchase(gateway, buyer, phoneNumber=SF, friendlyName=name))
    assert number["activeNumber"]["friendlyName"] == name
    blank = ok(await purchase(gateway, buyer, phoneNumber="+14155550101", friendlyName="  "))
    assert blank["activeNumber"]["friendlyName"] == "(415) 555-0101"


async def test_too_long_friendly_name_rolls_the_purchase_back(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    payload = await purchase(gateway, buyer, phoneNumber=SF, friendlyName="x" * 65)
    error = refused(payload, "FRIENDLY_NAME_TOO_LONG")
    assert error["field"] == ["input", "friendlyName"]
    payload = await purchase(
        gateway, buyer, phoneNumber=SF, configuration={"friendlyName": "y" * 65}
    )
    error = refused(payload, "FRIENDLY_NAME_TOO_LONG")
    assert error["field"] == ["input", "configuration", "friendlyName"]
    await _assert_rolled_back(gateway, buyer, SF)


async def test_trunk_at_purchase(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    trunk = await add_trunk(gateway.engine, buyer.sid)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    number = ok(await purchase(gateway, buyer, phoneNumber=SF, trunkSid=trunk))
    voice = number["activeNumber"]["configuration"]["voice"]
    assert voice["trunkSid"] == trunk
    assert voice["applicationSid"] is None


async def test_a_trunk_of_another_account_rolls_the_purchase_back(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    other = await new_buyer(gateway.engine)
    theirs = await add_trunk(gateway.engine, other.sid)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    for input_ in ({"trunkSid": theirs}, {"configuration": {"voice": {"trunkSid": theirs}}}):
        payload = await purchase(gateway, buyer, phoneNumber=SF, **input_)
        refused(payload, "INVALID_APPLICATION", 21420)
    await _assert_rolled_back(gateway, buyer, SF)


async def test_configuration_at_purchase(gateway: Gateway) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF)])
    configuration = {
        "friendlyName": "Support line",
        "statusCallback": "https://example.com/status",
        "voice": {
            "url": "https://example.com/voice",
            "method": "GET",
            "fallbackUrl": "https://example.com/fallback",
        },
        "sms": {"url": "http://example.com/sms"},
    }
    payload = ok(await purchase(gateway, buyer, phoneNumber=SF, configuration=configuration))
    number = payload["activeNumber"]
    assert number["friendlyName"] == "Support line"
    assert number["configuration"] == {
        "statusCallback": "https://example.com/status",
        "voice": {
            "url": "https://example.com/voice",
            "method": "GET",
            "fallbackUrl": "https://example.com/fallback",
            "trunkSid": None,
            "applicationSid": None,
        },
        "sms": {"url": "http://example.com/sms", "method": "POST"},
    }
    await assert_balanced(gateway.engine, buyer.sid)


CONFIGURATION_ERRORS: list[tuple[dict[str, Any], dict[str, Any], str, int | None]] = [
    ({}, {"voice": {"url": "ftp://example.com/voice"}}, "INVALID_URL", 21402),
    ({}, {"statusCallback": "/relative"}, "INVALID_URL", 21402),
    ({}, {"voice": {"fallbackUrl": "https://example.com/f"}}, "FALLBACK_WITHOUT_URL", 21405),
    ({}, {"sms": {"fallbackUrl": "https://example.com/f"}}, "SMS_FALLBACK_WITHOUT_URL", 21406),
    ({"sms_capable": False}, {"sms": {"url": "https://example.com/s"}}, "SMS_NOT_SUPPORTED", 21407),
    ({"voice_capable": False}, {"voice": {"url": "https://example.com/v"}}, "INVALID_INPUT", None),
    ({}, {"voice": {"applicationSid": "AP" + "0" * 32}}, "INVALID_APPLICATION", 21420),
    ({}, {"voice": {"emergencyStatus": "ACTIVE"}}, "INVALID_INPUT", None),
]


@pytest.mark.parametrize(
    ("catalog", "configuration", "code", "twilio_code"),
    CONFIGURATION_ERRORS,
    ids=[case[2].lower() + f"-{i}" for i, case in enumerate(CONFIGURATION_ERRORS)],
)
async def test_invalid_configuration_rolls_the_purchase_back(
    gateway: Gateway,
    catalog: dict[str, Any],
    configuration: dict[str, Any],
    code: str,
    twilio_code: int | None,
) -> None:
    buyer = await new_buyer(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row(SF, **catalog)])
    payload = await purchase(gateway, buyer, phoneNumber=SF, configuration=configuration)
    error = refused(payload, code, twilio_code)
    assert error["field"][:2] == ["input", "configuration"]
    await _assert_rolled_back(gateway, buyer, SF)
