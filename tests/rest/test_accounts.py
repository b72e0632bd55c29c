"""Accounts and Balance over Twilio's REST API: createSubaccount/updateSubaccount's use-cases and
the account read. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from resolvers.core.tables import owned_numbers
from tests.rest.support import API, Rest, json_of, twilio_error
from tests.support.client import Gateway
from tests.support.factories import add_account
from tests.support.numbers import add_number
from tests.support.provisioning import Buyer, new_buyer


async def test_create_fetch_list_and_sign_in_as_a_subaccount(gateway: Gateway) -> None:
    rest = Rest(gateway, await new_buyer(gateway.engine, name="Parent"))
    created = json_of(await rest.post(f"{API}/Accounts.json", FriendlyName="Team A"), 201)
    assert created["friendly_name"] == "Team A"
    assert created["status"] == "active"
    assert created["owner_account_sid"] == rest.caller.sid
    assert created["uri"] == f"{API}/Accounts/{created['sid']}.json"
    assert created["date_created"].endswith("+0000")
    sub = Rest(gateway, Buyer(created["sid"], created["auth_token"]))
    own = json_of(await sub.get(f"{API}/Accounts/{created['sid']}.json"))
    assert own["auth_token"] is None  # shown once
    assert own["owner_account_sid"] == rest.caller.sid
    twilio_error(await sub.get(f"{API}/Accounts/{rest.caller.sid}.json"), 404, 20404)

    json_of(await rest.post(f"{API}/Accounts.json", FriendlyName="Team B"), 201)
    listed = json_of(await rest.get(f"{API}/Accounts.json"))
    names = {account["friendly_name"] for account in listed["accounts"]}
    assert names == {"Parent", "Team A", "Team B"}
    only_a = json_of(await rest.get(f"{API}/Accounts.json", FriendlyName="Team A"))
    assert [a["sid"] for a in only_a["accounts"]] == [created["sid"]]
    paged = json_of(await rest.get(f"{API}/Accounts.json", PageSize=2))
    rest_of = json_of(await gateway.http.get(paged["next_page_uri"], headers=rest._auth()))
    assert len(paged["accounts"]) + len(rest_of["accounts"]) == 3
    assert rest_of["next_page_uri"] is None
    sub_listed = json_of(await sub.get(f"{API}/Accounts.json"))
    assert [a["sid"] for a in sub_listed["accounts"]] == [created["sid"]]
    body = twilio_error(await sub.post(f"{API}/Accounts.json"), 400, 400)
    assert body["error_code"] == "INVALID_INPUT"


async def test_suspend_reactivate_and_close(gateway: Gateway) -> None:
    rest = Rest(gateway, await new_buyer(gateway.engine))
    sub = await add_account(gateway.engine, parent_sid=rest.caller.sid)
    number = await add_number(gateway.engine, sub.sid, "+14155550100")
    path = f"{API}/Accounts/{sub.sid}.json"
    assert json_of(await rest.post(path, Status="suspended"))["status"] == "suspended"
    suspended = json_of(await rest.get(f"{API}/Accounts.json", Status="suspended"))
    assert [a["sid"] for a in suspended["accounts"]] == [sub.sid]
    assert json_of(await rest.post(path, Status="active", FriendlyName="Back"))[
        "friendly_name"
    ] == ("Back")
    assert json_of(await rest.post(path, Status="closed"))["status"] == "closed"
    async with gateway.engine.connect() as conn:
        status = await conn.scalar(
            select(owned_numbers.c.status).where(owned_numbers.c.sid == number)
        )
    assert status == "RELEASED"  # closing released the number, as updateSubaccount does
    body = twilio_error(await rest.post(path, Status="active"), 400, 400)
    assert body["message"].startswith("Status:")
    body = twilio_error(await rest.post(path, Status="frozen"), 400, 400)
    assert body["message"].startswith("Status:")
    sub_rest = Rest(gateway, Buyer(sub.sid, sub.token))
    twilio_error(await sub_rest.get(path), 401, 20003)  # a closed account cannot sign in


async def test_balance(gateway: Gateway) -> None:
    rest = Rest(gateway, await new_buyer(gateway.engine, balance_minor=12_345))
    sub = await add_account(gateway.engine, parent_sid=rest.caller.sid, balance_minor=5)
    stranger = await add_account(gateway.engine)
    assert json_of(await rest.get(f"{API}/Accounts/{rest.caller.sid}/Balance.json")) == {
        "account_sid": rest.caller.sid,
        "balance": "123.45",
        "currency": "USD",
    }
    sub_balance = json_of(await rest.get(f"{API}/Accounts/{sub.sid}/Balance.json"))
    assert sub_balance["balance"] == "0.05"
    twilio_error(await rest.get(f"{API}/Accounts/{stranger.sid}/Balance.json"), 404, 20404)
    twilio_error(await rest.get(f"{API}/Accounts/{stranger.sid}.json"), 404, 20404)
    twilio_error(
        await rest.post(f"{API}/Accounts/{stranger.sid}.json", Status="closed"), 404, 20404
    )
