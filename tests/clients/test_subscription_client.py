"""A graphql-transport-ws client (gql's WebsocketsTransport) receives ``numberEvents``.

It authenticates as a browser must, in the ``connection_init`` payload, subscribes, and then a
purchase made over HTTP by the same account arrives as a PURCHASED event naming the number.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.clients.demo import DemoGateway
from tests.support.client import basic_auth

EVENTS = GraphQLRequest("""
subscription Events {
  numberEvents {
    sid accountSid kind nodeType nodeSid occurredAt
    node { ... on ActiveNumber { sid phoneNumber friendlyName } }
  }
}
""")
BUYABLE = """
{ availableNumbers(search: { isoCountry: "US", excludeAllAddressRequired: true,
                             excludeLocalAddressRequired: true }, first: 5) {
    nodes { phoneNumber } } }
"""
PURCHASE = """
mutation Buy($number: String!) {
  purchasePhoneNumber(input: { phoneNumber: $number, friendlyName: "Subscribed" }) {
    activeNumber { sid phoneNumber }
    userErrors { field message code }
  }
}
"""
EVENT_WAIT_SECONDS = 5.0
GRAPHQL_TRANSPORT_WS = WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL


async def post(demo: DemoGateway, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30.0) as http:
        response = await http.post(
            demo.graphql_url,
            json={"query": query, "variables": variables},
            auth=(demo.account_sid, demo.auth_token),
        )
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def buy_until_an_event_arrives(
    demo: DemoGateway,
    candidates: list[str],
    bought: dict[str, str],
    received: asyncio.Queue[dict[str, Any]],
    listener: asyncio.Task[None],
) -> dict[str, Any]:
    """The protocol does not say when the server starts listening: buy another number if the
    first purchase raced the subscription's start."""
    for number in candidates:
        data = await post(demo, PURCHASE, {"number": number})
        purchase = data["purchasePhoneNumber"]
        assert purchase["userErrors"] == [], purchase
        bought[purchase["activeNumber"]["sid"]] = number
        try:
            return await asyncio.wait_for(_event_of(bought, received), EVENT_WAIT_SECONDS)
        except TimeoutError:
            if listener.done():
                listener.result()  # the subscription ended: show why
            continue
    raise AssertionError(f"no numberEvents event after buying {list(bought.values())}")


async def _event_of(
    bought: dict[str, str], received: asyncio.Queue[dict[str, Any]]
) -> dict[str, Any]:
    """The first event about a number this test bought: the demo account is shared with the
    other tests that drive the demo gateway, so its other events (e.g. a README example's
    CONFIGURED) may arrive on the same subscription."""
    while True:
        event = await received.get()
        if event["nodeSid"] in bought:
            return event


def websocket_client(demo: DemoGateway) -> Client:
    transport = WebsocketsTransport(
        url=demo.websocket_url,
        subprotocols=[GRAPHQL_TRANSPORT_WS],
        init_payload={"Authorization": basic_auth(demo.account_sid, demo.auth_token)},
    )
    return Client(transport=transport, fetch_schema_from_transport=False)


async def test_a_purchase_arrives_as_a_subscription_event(demo_gateway: DemoGateway) -> None:
    found = await post(demo_gateway, BUYABLE, {})
    candidates = [node["phoneNumber"] for node in found["availableNumbers"]["nodes"]]
    bought: dict[str, str] = {}  # sid -> phone number
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    async with websocket_client(demo_gateway) as session:

        async def listen() -> None:
            async for result in session.subscribe(EVENTS):
                await received.put(result["numberEvents"])

        listener = asyncio.create_task(listen())
        try:
            event = await buy_until_an_event_arrives(
                demo_gateway, candidates, bought, received, listener
            )
        finally:
            listener.cancel()

    assert event["kind"] == "PURCHASED"
    assert event["accountSid"] == demo_gateway.account_sid
    assert event["nodeType"] == "ActiveNumber"
    assert event["nodeSid"] in bought
    assert event["node"]["phoneNumber"] == bought[event["nodeSid"]]
    assert event["node"]["friendlyName"] == "Subscribed"


async def test_wrong_credentials_are_refused_at_connection_init(
    demo_gateway: DemoGateway,
) -> None:
    """The raw protocol, as a browser's client speaks it: the server closes with 4403."""
    wrong = basic_auth(demo_gateway.account_sid, "0" * 32)
    async with connect(
        demo_gateway.websocket_url, subprotocols=[Subprotocol(GRAPHQL_TRANSPORT_WS)]
    ) as websocket:
        assert websocket.subprotocol == GRAPHQL_TRANSPORT_WS
        init = {"type": "connection_init", "payload": {"Authorization": wrong}}
        await websocket.send(json.dumps(init))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(websocket.recv(), EVENT_WAIT_SECONDS)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
