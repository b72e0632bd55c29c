"""``numberEvents`` over graphql-transport-ws against a real gateway process: each subscriber
gets its account's events once, in order, each with its node; nobody else's; Basic auth in the
connection_init payload or the upgrade request.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosed

from gateway.auth import basic_auth_header
from tests.events.served import RELEASE, CallerFactory, Served, auth, seed_accounts
from tests.events.ws import (
    EVENTS,
    events_until_quiet,
    receive,
    send,
    socket,
    subscribe,
    until_live,
)
from tests.support.databases import run_blocking
from tests.support.server import running_gateway


@pytest.fixture(scope="module")
def served(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    accounts = run_blocking(seed_accounts(served_database))
    with running_gateway(served_database, tmp_path_factory.mktemp("gw"), workers=1) as server:
        yield Served(server, *accounts)


async def test_each_event_once_in_order_with_its_node(
    served: Served, call_as: CallerFactory
) -> None:
    owner = call_as(served.server, served.parent)
    stranger = call_as(served.server, served.stranger)
    probe_sid = await owner.buy()

    async def probe(attempt: int) -> str:
        await owner.rename(probe_sid, f"probe {attempt}")
        return f"probe {attempt}"

    async with socket(served.server.base_url, {"Authorization": auth(served.parent)}) as ws:
        await subscribe(ws, "1")
        await until_live([ws], probe)
        sid = await owner.buy()
        await stranger.buy()  # not ours: never sent
        await owner.rename(sid, "Front desk")
        await owner.call(RELEASE, "releasePhoneNumber", sid=sid)
        received = await events_until_quiet(ws)
        await send(ws, {"id": "1", "type": "complete"})
    assert [(e["kind"], e["nodeSid"]) for e in received] == [
        ("PURCHASED", sid),
        ("CONFIGURED", sid),
        ("RELEASED", sid),
    ]
    assert {e["accountSid"] for e in received} == {served.parent.sid}
    assert len({e["sid"] for e in received}) == 3
    purchased, configured, _ = received
    assert purchased["node"]["id"] == sid
    assert purchased["node"]["phoneNumber"] == purchased["data"]["phoneNumber"]
    assert configured["node"]["friendlyName"] == "Front desk"  # read when served


async def test_a_parent_follows_a_subaccount_by_naming_it(
    served: Served, call_as: CallerFactory
) -> None:
    child = call_as(served.server, served.child)
    sid = await child.buy()

    async def probe(attempt: int) -> str:
        await child.rename(sid, f"probe {attempt}")
        return f"probe {attempt}"

    async with socket(served.server.base_url, headers={"Authorization": auth(served.parent)}) as ws:
        await subscribe(ws, "sub", {"accountSid": served.child.sid})
        await until_live([ws], probe)
        await child.rename(sid, "Child desk")
        [event] = await events_until_quiet(ws)
    assert (event["kind"], event["accountSid"], event["node"]["friendlyName"]) == (
        "CONFIGURED",
        served.child.sid,
        "Child desk",
    )


async def test_someone_elses_account_is_not_found(served: Served) -> None:
    async with socket(served.server.base_url, {"Authorization": auth(served.stranger)}) as ws:
        await subscribe(ws, "x", {"accountSid": served.parent.sid})
        message = await receive(ws)
    assert message["type"] == "next", message
    [error] = message["payload"]["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_wrong_credentials_close_the_socket(served: Served) -> None:
    wrong = basic_auth_header(served.parent.sid, "0" * 32)
    async with socket(served.server.base_url, {"Authorization": wrong}) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
    async with socket(served.server.base_url) as ws:  # no credentials anywhere
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_only_subscriptions_run_over_the_socket(served: Served) -> None:
    async with socket(served.server.base_url, {"Authorization": auth(served.parent)}) as ws:
        ack = await receive(ws)
        assert ack["type"] == "connection_ack"
        await send(ws, {"id": "q", "type": "subscribe", "payload": {"query": "{ viewer { sid } }"}})
        message = await receive(ws)
    assert message["type"] == "error"
    assert "only subscriptions" in message["payload"][0]["message"]


async def test_the_http_document_limits_hold_on_the_socket(served: Served) -> None:
    long = "subscription { numberEvents { " + "sid " * 2100 + "} }"  # over 2000 tokens
    aliases = " ".join(f"s{i}: sid" for i in range(31))  # over 30
    aliased = "subscription { numberEvents { " + aliases + " } }"
    async with socket(served.server.base_url, {"Authorization": auth(served.parent)}) as ws:
        ack = await receive(ws)
        assert ack["type"] == "connection_ack"
        codes = []
        for op_id, query in (("tokens", long), ("aliases", aliased)):
            await send(ws, {"id": op_id, "type": "subscribe", "payload": {"query": query}})
            message = await receive(ws)
            assert (message["type"], message["id"]) == ("error", op_id)
            codes.append(message["payload"][0]["extensions"]["code"])
    assert codes == ["QUERY_TOO_COMPLEX", "QUERY_TOO_COMPLEX"]


async def test_nul_characters_are_refused_on_the_socket(served: Served) -> None:
    """The HTTP endpoint's NUL rule: a variable or a string literal holding U+0000."""
    by_variable = {"query": EVENTS, "variables": {"accountSid": "AC\x00"}}
    by_literal = {"query": 'subscription { numberEvents(accountSid: "AC\\u0000") { sid } }'}
    async with socket(served.server.base_url, {"Authorization": auth(served.parent)}) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        for op_id, payload in (("variable", by_variable), ("literal", by_literal)):
            await send(ws, {"id": op_id, "type": "subscribe", "payload": payload})
            message = await receive(ws)
            assert (message["type"], message["id"]) == ("error", op_id), message
            [error] = message["payload"]
            assert error["extensions"]["code"] == "INVALID_INPUT"
            assert "NUL" in error["message"]


async def test_a_document_that_does_not_parse_closes_the_socket(served: Served) -> None:
    """graphql-transport-ws: a syntax error closes the socket with 4400 and the error."""
    async with socket(served.server.base_url, {"Authorization": auth(served.parent)}) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        payload = {"query": "subscription { numberEvents { sid "}
        await send(ws, {"id": "broken", "type": "subscribe", "payload": payload})
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4400
    assert closed.value.rcvd.reason.startswith("Syntax Error")
