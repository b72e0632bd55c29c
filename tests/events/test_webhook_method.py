"""``statusCallbackMethod`` is honoured: GET carries the event in the query string (after any
parameters of the callback URL) and signs the whole URL, as Twilio's scheme does for a GET;
POST stays a JSON body, signed over the body. A real HTTP receiver on 127.0.0.1 checks both.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import orjson

from resolvers.events.signing import signature_matches
from resolvers.events.webhooks import deliver_webhooks
from resolvers.jobs.environment import JobEnvironment, LifecyclePolicy
from tests.events.receiver import Received, receiving
from tests.events.support import LOOPBACK_ALLOWED, bought, deliveries_in, set_status_callback
from tests.support.client import Gateway
from tests.support.mutations import call
from tests.support.numbers import Caller
from tests.support.provisioning import Buyer, new_buyer

SECRET = "whsec-method"
SIGNATURE = "x-gateway-signature"


async def configure(gateway: Gateway, buyer: Buyer, sid: str, **input_: object) -> None:
    payload = await call(
        gateway, Caller(buyer.sid, buyer.token), "configurePhoneNumber", sid=sid, **input_
    )
    assert payload["userErrors"] == []


DELIVERIES = '{ numberEvents(kind: ["CONFIGURED"]) { nodes { deliveries { method status } } } }'


async def one_delivery(gateway: Gateway, method: str, callback_query: str = "") -> Received:
    """What the receiver gets for a rename of a number whose status callback method the owner
    set to ``method`` (through ``configurePhoneNumber``)."""
    buyer = await new_buyer(gateway.engine)
    env = JobEnvironment(
        gateway.engine, gateway.clock, LifecyclePolicy(webhook_secret=SECRET), LOOPBACK_ALLOWED
    )
    async with receiving([200]) as receiver:
        sid = await bought(gateway, buyer)
        await configure(gateway, buyer, sid, statusCallbackMethod=method)
        await set_status_callback(gateway.engine, sid, receiver.url + callback_query)
        await configure(gateway, buyer, sid, friendlyName="Front desk")
        assert await deliver_webhooks(env) == 1
    [request] = receiver.requests
    [delivery] = await deliveries_in(gateway.engine)
    assert (delivery["method"], delivery["status"]) == (method, "DELIVERED")
    events = (await gateway.gql(DELIVERIES, auth=buyer.auth))["numberEvents"]["nodes"]
    shown = [d for event in events for d in event["deliveries"]]
    assert shown == [{"method": method, "status": "DELIVERED"}]  # the owner sees how it went
    return request


async def test_get_puts_the_event_in_the_query_string_and_signs_the_url(
    gateway: Gateway,
) -> None:
    request = await one_delivery(gateway, "GET", callback_query="?tenant=a%20b")
    assert (request.method, request.body) == ("GET", b"")
    path, _, _ = request.path.partition("?")
    assert path == "/hooks/numbers"
    query = dict(parse_qsl(urlsplit(request.path).query))
    assert query["tenant"] == "a b"  # the callback URL's own parameters come first, kept
    assert (query["kind"], query["nodeType"]) == ("CONFIGURED", "ActiveNumber")
    assert query["eventSid"] == request.headers["x-gateway-event-sid"]
    assert query["eventSid"].startswith("EV")
    assert query["accountSid"].startswith("AC")
    assert query["nodeSid"].startswith("PN")
    assert orjson.loads(query["data"])["changed"] == ["friendly_name"]
    url = f"http://{request.headers['host']}{request.path}"  # the URL as the receiver saw it
    assert signature_matches(SECRET, url.encode(), request.headers[SIGNATURE])
    assert not signature_matches(SECRET, b"", request.headers[SIGNATURE])


async def test_post_stays_a_signed_json_body(gateway: Gateway) -> None:
    request = await one_delivery(gateway, "POST")
    assert (request.method, request.path) == ("POST", "/hooks/numbers")
    assert request.headers["content-type"] == "application/json"
    event = orjson.loads(request.body)
    assert (event["kind"], event["data"]["changed"]) == ("CONFIGURED", ["friendly_name"])
    assert signature_matches(SECRET, request.body, request.headers[SIGNATURE])
