"""Twilio's own Python SDK (PyPI ``twilio`` 9.x) against a running gateway, on both databases.

The SDK is pointed at the gateway by one line, ``client.api.base_url = <gateway URL>``: every
URL it builds, and every ``next_page_uri`` it follows, is made from that domain's base URL.
Nothing else of the SDK is changed. The flow: list with automatic paging, buy by number and by
area code, update, transfer to a subaccount, delete, the search with each parameter,
subaccount create/suspend, balance, and every refusal as ``TwilioRestException``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from gateway.database import create_engine
from gateway.settings import Settings
from tests.support.databases import run_blocking
from tests.support.factories import TestAccount as Account
from tests.support.factories import add_account, add_address, add_catalog, add_owned, catalog_row
from tests.support.server import ServerProcess, running_gateway

LISTED = [f"+1415555{n:04d}" for n in range(200, 205)]  # the lister buys and pages these
BOUGHT = ["+14155550300", "+14155550301", "+14155550302"]  # the buyer's
NY_FOR_SALE = "+12125550300"  # the only 212 number: bought by area code
ADDRESS_NEEDED = "+14155550400"
TAKEN = "+14155550401"  # owned by the stranger
TRIAL_HELD = "+14155550402"  # the trial account's one number
NODE_BOUGHT, NODE_AREA = ["+14155550600", "+14155550601"], "+13325550600"  # the Node flow's
NO_SMS, REGISTERED, ADDRESSED = "+14155550700", "+14155550701", "+14155550702"  # regulated's
NEEDS_LOCAL_ADDRESS, NEEDS_IDENTITY = "+14155550703", "+14155550704"
SF, SF_BETA, NY, LA = "+16285550500", "+16285550501", "+16465550500", "+12135550500"
SEARCHED = {SF, SF_BETA, NY, LA}
ERROR_BODY = ("code", "message", "more_info", "status")
SEARCH_ROWS: dict[str, dict[str, Any]] = {
    SF: {},
    SF_BETA: {
        "sms_capable": False,
        "mms_capable": False,
        "beta": True,
        "address_requirements": "ANY",
    },
    NY: {
        **{"latitude": 40.7128, "longitude": -74.006, "region": "NY", "locality": "New York"},
        **{"postal_code": "10001", "lata": "132", "rate_center": "NWYRCYZN01"},
        **{"voice_fax": True, "address_requirements": "LOCAL"},
    },
    LA: {
        **{"latitude": 34.0522, "longitude": -118.2437, "region": "CA", "locality": "Los Angeles"},
        **{"postal_code": "90012", "lata": "730", "rate_center": "LSAN DA 01"},
        **{"voice_capable": False, "address_requirements": "FOREIGN"},
    },
}


@dataclass(frozen=True)
class World:
    server: ServerProcess
    accounts: dict[str, Account]
    sids: dict[str, str]  # the regulated account's address and numbers

    def client(self, role: str, account_sid: str | None = None, token: str | None = None) -> Client:
        account = self.accounts[role]
        return sdk_client(self.server, account.sid, token or account.token, account_sid)


def sdk_client(
    server: ServerProcess, username: str, password: str, account_sid: str | None = None
) -> Client:
    client = Client(username, password, account_sid=account_sid)
    client.api.base_url = server.base_url  # the one change a Twilio script needs
    return client


async def _seed_regulated(engine: AsyncEngine, account_sid: str) -> dict[str, str]:
    """The regulated account's GB address and its numbers, for the rules that need them."""
    address = await add_address(engine, account_sid, iso_country="GB")
    await add_catalog(
        engine,
        [
            catalog_row(NO_SMS, sms_capable=False, mms_capable=False),
            catalog_row(REGISTERED),
            catalog_row(ADDRESSED, address_requirements="ANY"),
            catalog_row(NEEDS_LOCAL_ADDRESS, address_requirements="LOCAL"),
            catalog_row(NEEDS_IDENTITY, identity_required=True),
        ],
    )
    return {
        "address": address,
        NO_SMS: await add_owned(engine, account_sid, NO_SMS),
        REGISTERED: await add_owned(engine, account_sid, REGISTERED, emergency_status="ACTIVE"),
        ADDRESSED: await add_owned(engine, account_sid, ADDRESSED, address_sid=address),
    }


async def _seed(url: str) -> tuple[dict[str, Account], dict[str, str]]:
    engine: AsyncEngine = create_engine(Settings(database_url=url, migrate_on_start=False))
    try:
        accounts = {
            role: await add_account(engine, name=role.title())
            for role in ("lister", "buyer", "stranger", "refused", "banker", "noder", "regulated")
        }
        accounts["trial"] = await add_account(engine, type_="TRIAL", name="Trial")
        accounts["poor"] = await add_account(engine, balance_minor=100, name="Poor")
        numbers = [*LISTED, *BOUGHT, NY_FOR_SALE, TAKEN, TRIAL_HELD, *NODE_BOUGHT, NODE_AREA]
        await add_catalog(engine, [catalog_row(number) for number in numbers])
        await add_catalog(engine, [catalog_row(ADDRESS_NEEDED, address_requirements="ANY")])
        for number, row in SEARCH_ROWS.items():
            await add_catalog(engine, [catalog_row(number, **row)])
        await add_owned(engine, accounts["stranger"].sid, TAKEN)
        await add_owned(engine, accounts["trial"].sid, TRIAL_HELD)
        sids = await _seed_regulated(engine, accounts["regulated"].sid)
    finally:
        await engine.dispose()
    return accounts, sids


@pytest.fixture(scope="module")
def world(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    accounts, sids = run_blocking(_seed(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("sdk"), workers=1) as server:
        yield World(server, accounts, sids)


def test_list_pages_automatically(world: World) -> None:
    client = world.client("lister")
    for number in reversed(LISTED):
        client.incoming_phone_numbers.create(phone_number=number)
    numbers = client.incoming_phone_numbers.list(page_size=2)  # three pages, followed by the SDK
    assert [n.phone_number for n in numbers] == LISTED
    assert [n.phone_number for n in client.incoming_phone_numbers.stream(page_size=2, limit=3)] == (
        LISTED[:3]
    )
    page = client.incoming_phone_numbers.page(page_size=2)
    assert page.next_page_url is not None
    assert page.next_page_url.startswith(world.server.base_url)
    assert [n.phone_number for n in page.next_page()] == LISTED[2:4]
    assert len(client.incoming_phone_numbers.list(phone_number="+1415555020*")) == 5
    assert len(client.incoming_phone_numbers.list(beta=False, origin="twilio")) == 5
    assert client.incoming_phone_numbers.list(origin="hosted") == []
    assert len(client.incoming_phone_numbers.local.list(page_size=4)) == 5
    assert client.incoming_phone_numbers.toll_free.list() == []
    [first] = client.incoming_phone_numbers.list(friendly_name="(415) 555-0200")
    assert first.capabilities == {"voice": True, "sms": True, "mms": True, "fax": False}
    assert first.date_created is not None
    assert first.date_created.tzinfo is not None


def test_buy_update_transfer_delete(world: World) -> None:
    client = world.client("buyer")
    bought = client.incoming_phone_numbers.create(
        phone_number=BOUGHT[0], friendly_name="Support", voice_url="https://example.com/voice"
    )
    assert (bought.phone_number, bought.friendly_name) == (BOUGHT[0], "Support")
    assert bought.voice_url == "https://example.com/voice"
    by_area = client.incoming_phone_numbers.create(area_code="212")
    assert by_area.phone_number == NY_FOR_SALE
    local = client.incoming_phone_numbers.local.create(phone_number=BOUGHT[1])
    assert local.account_sid == world.accounts["buyer"].sid

    updated = client.incoming_phone_numbers(bought.sid).update(
        friendly_name="Sales",
        voice_method="GET",
        sms_url="https://example.com/sms",
        status_callback="https://example.com/status",
        voice_caller_id_lookup=True,
    )
    assert (updated.friendly_name, updated.voice_method) == ("Sales", "GET")
    assert (updated.sms_url, updated.voice_caller_id_lookup) == ("https://example.com/sms", True)
    assert client.incoming_phone_numbers(bought.sid).fetch().status_callback == (
        "https://example.com/status"
    )

    sub = client.api.v2010.accounts.create(friendly_name="Buyer's team")
    moved = client.incoming_phone_numbers(bought.sid).update(account_sid=sub.sid)
    assert moved.account_sid == sub.sid
    with pytest.raises(TwilioRestException) as gone:
        client.incoming_phone_numbers(bought.sid).fetch()
    assert (gone.value.status, gone.value.code) == (404, 20404)
    as_sub = world.client("buyer", account_sid=sub.sid)  # the parent's credentials, sub's path
    assert [n.sid for n in as_sub.incoming_phone_numbers.list()] == [bought.sid]
    assert as_sub.incoming_phone_numbers(bought.sid).delete() is True
    assert as_sub.incoming_phone_numbers.list() == []
    assert client.incoming_phone_numbers(by_area.sid).delete() is True
    assert {n.phone_number for n in client.incoming_phone_numbers.list()} == {BOUGHT[1]}


SEARCHES: list[tuple[dict[str, Any], set[str]]] = [
    ({"area_code": 628}, {SF, SF_BETA}),
    ({"contains": "+1646"}, {NY}),
    ({"sms_enabled": False}, {SF_BETA}),
    ({"mms_enabled": False}, {SF_BETA}),
    ({"voice_enabled": False}, {LA}),
    ({"fax_enabled": True}, {NY}),
    ({"exclude_all_address_required": True}, {SF}),
    ({"exclude_local_address_required": True}, {SF, SF_BETA, LA}),
    ({"exclude_foreign_address_required": True}, {SF, SF_BETA, NY}),
    ({"beta": False}, {SF, NY, LA}),
    ({"near_number": SF}, {SF, SF_BETA}),
    ({"near_lat_long": "34.05,-118.24"}, {LA}),
    ({"near_lat_long": "36.5,-120.5", "distance": 100}, set()),
    ({"near_lat_long": "36.5,-120.5", "distance": 300}, {SF, SF_BETA, LA}),
    ({"in_postal_code": "10001"}, {NY}),
    ({"in_region": "NY"}, {NY}),
    ({"in_rate_center": "LSAN DA 01", "in_lata": "730"}, {LA}),
    ({"in_lata": "132"}, {NY}),
    ({"in_locality": "Los Angeles"}, {LA}),
]


def test_search_with_each_parameter(world: World) -> None:
    local = world.client("stranger").available_phone_numbers("US").local
    for params, expected in SEARCHES:
        found = {n.phone_number for n in local.list(**params)}
        assert found & SEARCHED == expected, params
    [la] = local.list(in_locality="Los Angeles", page_size=5)
    assert (la.locality, la.region, la.postal_code, la.lata) == (
        "Los Angeles",
        "CA",
        "90012",
        "730",
    )
    assert la.latitude == Decimal("34.052200")
    assert la.capabilities == {"voice": False, "SMS": True, "MMS": True, "fax": False}
    assert len(local.list(page_size=2, limit=5)) == 5  # three pages, by next_page_uri
    countries = world.client("stranger").available_phone_numbers.list()
    assert [c.country_code for c in countries] == ["US"]
    assert world.client("stranger").available_phone_numbers("US").fetch().country == "United States"


def test_subaccounts_and_balance(world: World) -> None:
    client = world.client("banker")
    sub = client.api.v2010.accounts.create(friendly_name="Night shift")
    assert (sub.status, sub.owner_account_sid) == ("active", world.accounts["banker"].sid)
    assert sub.auth_token
    suspended = client.api.v2010.accounts(sub.sid).update(status="suspended")
    assert suspended.status == "suspended"
    listed = client.api.v2010.accounts.list(status="suspended")
    assert [a.sid for a in listed] == [sub.sid]
    with pytest.raises(TwilioRestException) as inactive:
        world.client("banker", account_sid=sub.sid).incoming_phone_numbers.create(
            phone_number=BOUGHT[2]
        )
    assert (inactive.value.status, inactive.value.code) == (400, 20005)
    assert client.api.v2010.accounts(sub.sid).update(status="active").status == "active"
    balance = client.api.v2010.accounts(world.accounts["banker"].sid).balance.fetch()
    assert (balance.balance, balance.currency) == ("1000.00", "USD")
    assert client.api.v2010.accounts(sub.sid).balance.fetch().balance == "0.00"
    own = sdk_client(world.server, sub.sid, sub.auth_token)  # the new subaccount signs in
    assert [a.sid for a in own.api.v2010.accounts.list()] == [sub.sid]
    assert client.api.v2010.accounts(sub.sid).update(status="closed").status == "closed"


def _refusal(call: Callable[[], Any]) -> tuple[int, int]:
    """(status, code) of a refusal. The SDK raises TwilioRestException for a fetch, create,
    update or delete, and (as against Twilio itself) a plain TwilioException carrying the
    response for a list page it could not load: its body is the same error."""
    with pytest.raises(TwilioException) as refused:
        call()
    error = refused.value
    if isinstance(error, TwilioRestException):
        return error.status, error.code
    _, response = error.args
    body = json.loads(response.text)
    assert body["status"] == response.status_code, body
    assert set(body) >= set(ERROR_BODY), body
    return response.status_code, body["code"]


def test_every_refusal_is_a_twilio_rest_exception(world: World) -> None:
    client = world.client("refused")
    numbers = client.incoming_phone_numbers
    sub = client.api.v2010.accounts.create(friendly_name="Refused's team")
    held = world.client("refused", account_sid=sub.sid)
    suspended = client.api.v2010.accounts.create(friendly_name="Suspended")
    client.api.v2010.accounts(suspended.sid).update(status="suspended")
    stranger_sid = world.accounts["stranger"].sid
    free = BOUGHT[2]
    cases: list[tuple[Callable[[], Any], tuple[int, int]]] = [
        (lambda: numbers.create(phone_number="+1415"), (400, 21421)),
        (lambda: numbers.create(phone_number=TAKEN), (400, 21422)),
        (lambda: numbers.create(area_code="999"), (400, 21451)),
        (lambda: numbers.create(area_code="917"), (400, 21452)),
        (lambda: numbers.create(phone_number=ADDRESS_NEEDED), (400, 21631)),
        (lambda: numbers.create(phone_number=free, voice_url="ftp://x"), (400, 21402)),
        (lambda: numbers.create(phone_number=free, sms_method="PUT"), (400, 21403)),
        (lambda: numbers.create(), (400, 400)),
        (
            lambda: world.client("trial").incoming_phone_numbers.create(phone_number=free),
            (400, 21404),
        ),
        (lambda: world.client("poor").incoming_phone_numbers.create(phone_number=free), (400, 400)),
        (lambda: numbers.list(page_size=5000), (400, 400)),
        (
            lambda: client.available_phone_numbers("US").local.list(near_lat_long="north"),
            (400, 400),
        ),
        (lambda: client.available_phone_numbers("US").local.list(area_code=12), (400, 400)),
        (lambda: client.available_phone_numbers("ZZ").fetch(), (404, 20404)),
        (lambda: client.api.v2010.accounts(stranger_sid).fetch(), (404, 20404)),
        (lambda: client.api.v2010.accounts(stranger_sid).balance.fetch(), (404, 20404)),
        (
            lambda: world.client("refused", token="0" * 32).incoming_phone_numbers.list(),
            (401, 20003),
        ),
    ]
    for call, expected in cases:
        assert _refusal(call) == expected
    mine = numbers.create(phone_number=free)
    assert held.incoming_phone_numbers.list() == []
    transfers = [
        (stranger_sid, (400, 21473)),
        ("AC" + "0" * 32, (400, 21471)),
        (suspended.sid, (400, 21472)),
    ]
    for target, expected in transfers:
        assert _refusal(functools.partial(numbers(mine.sid).update, account_sid=target)) == expected
    assert _refusal(lambda: numbers(mine.sid).update(sms_fallback_url="https://e.com/f")) == (
        400,
        21406,
    )
    as_stranger = world.client("stranger", account_sid=world.accounts["refused"].sid)
    assert _refusal(lambda: as_stranger.incoming_phone_numbers(mine.sid).fetch()) == (404, 20404)
    numbers(mine.sid).update(account_sid=sub.sid)
    own_sub = sdk_client(world.server, sub.sid, sub.auth_token)
    back = own_sub.incoming_phone_numbers(mine.sid)
    assert _refusal(lambda: back.update(account_sid=world.accounts["refused"].sid)) == (
        400,
        21474,
    )
    assert back.delete() is True  # a subaccount releases its own number


def test_regulatory_and_configuration_refusals(world: World) -> None:
    client, sids = world.client("regulated"), world.sids
    numbers = client.incoming_phone_numbers
    sub = client.api.v2010.accounts.create(friendly_name="No address")
    cases: list[tuple[Callable[[], Any], tuple[int, int]]] = [
        (lambda: numbers(sids[NO_SMS]).update(sms_url="https://example.com/sms"), (400, 21407)),
        (lambda: numbers(sids[NO_SMS]).update(voice_application_sid="AP" + "0" * 32), (400, 21420)),
        (lambda: numbers(sids[NO_SMS]).update(friendly_name="x" * 65), (400, 400)),
        (lambda: numbers(sids[ADDRESSED]).update(account_sid=sub.sid), (400, 21613)),
        (
            lambda: numbers.create(phone_number=NEEDS_LOCAL_ADDRESS, address_sid=sids["address"]),
            (400, 21615),
        ),
        (lambda: numbers.create(phone_number=NEEDS_IDENTITY), (400, 21650)),
        (lambda: numbers(sids[REGISTERED]).delete(), (400, 400)),  # EMERGENCY_ADDRESS_ACTIVE
    ]
    for call, expected in cases:
        assert _refusal(call) == expected
    assert {n.sid for n in numbers.list()} == {sids[NO_SMS], sids[REGISTERED], sids[ADDRESSED]}
    assert numbers(sids[NO_SMS]).fetch().friendly_name == "(415) 555-0700"


NODE_FLOW = Path(__file__).parent / "node" / "flow.mjs"


def test_node_sdk_flow(world: World) -> None:
    """Twilio's Node SDK (npm ``twilio``, installed by ``make node-sdk``) runs the same flow:
    it too builds every URL from its domain's ``baseUrl``, so ``client.api.baseUrl`` is the
    one change."""
    noder = world.accounts["noder"]
    env = {
        **os.environ,
        "GATEWAY_URL": world.server.base_url,
        "ACCOUNT_SID": noder.sid,
        "AUTH_TOKEN": noder.token,
        "PHONE_NUMBERS": json.dumps(NODE_BOUGHT),
        "AREA_CODE": NODE_AREA[2:5],
        "TAKEN": TAKEN,
    }
    node = shutil.which("node")
    assert node is not None, "the Node SDK test needs node (and `make node-sdk`)"
    finished = subprocess.run(  # noqa: S603 - node running our own script
        [node, str(NODE_FLOW)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stderr
    out = json.loads(finished.stdout)
    assert out["byAreaCode"] == NODE_AREA
    assert out["listed"] == sorted([NODE_AREA, *NODE_BOUGHT])  # two pages of two, followed
    assert out["updated"] == ["Node", "https://example.com/voice", "GET"]
    assert out["dateCreated"].endswith("Z")
    assert out["movedTo"] == out["subaccount"]
    assert out["deleted"] is True
    assert out["search"] == [SF]
    assert out["suspended"] == "suspended"
    assert out["balance"][1] == "USD"
    assert Decimal(out["balance"][0]) < Decimal("1000.00")  # three purchases charged
    assert out["refusals"] == {
        "taken": {"status": 400, "code": 21422},
        "invalid": {"status": 400, "code": 21421},
        "released": {"status": 404, "code": 20404},
        "badUrl": {"status": 400, "code": 21402},
        "badPageSize": {"status": 400, "code": 400},
    }
