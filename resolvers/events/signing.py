"""What a status callback receives: an event as a signed request, by the callback's method.

Recipe (README "Events and webhooks"), ``X-Gateway-Signature`` is the base64 of an HMAC-SHA256
keyed with the webhook secret (UTF-8; ``resolvers.events.secret``) over:

- POST: the raw JSON body. The receiver recomputes it over the bytes it received, before
  parsing them.
- GET: the whole URL, query string included (what Twilio's scheme signs for a GET): the event's
  fields are query parameters after any the callback URL had, ``data`` as a JSON string.

Either way the receiver compares in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from resolvers.core.times import as_utc

SIGNATURE_HEADER = "X-Gateway-Signature"
USER_AGENT = "numbers-gateway-webhooks/1"


@dataclass(frozen=True)
class WebhookRequest:
    method: str  # GET or POST
    url: str  # for GET, with the event in the query string
    body: bytes  # empty for GET
    headers: dict[str, str]


def event_fields(event: Any) -> dict[str, Any]:
    """What a webhook says of an event row (``number_events`` columns)."""
    return {
        "eventSid": event.sid,
        "kind": event.kind,
        "accountSid": event.account_sid,
        "nodeType": event.node_type,
        "nodeSid": event.node_sid,
        "occurredAt": as_utc(event.occurred_at).isoformat(),
        "data": orjson.loads(event.data),
    }


def event_body(event: Any) -> bytes:
    """The JSON body of a POST."""
    return orjson.dumps(event_fields(event))


def event_query_url(url: str, event: Any) -> str:
    """The URL of a GET: the callback URL with the event's fields added to its query."""
    fields = event_fields(event)
    fields["data"] = orjson.dumps(fields["data"]).decode()
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *fields.items()])
    return urlunsplit(parts._replace(query=query))


def sign(secret: str, payload: bytes) -> str:
    digest = hmac.new(secret.encode(), payload, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signature_matches(secret: str, payload: bytes, signature: str) -> bool:
    """The receiver's check over the POST body or the GET URL (used by the tests, and a
    reference for clients)."""
    return hmac.compare_digest(sign(secret, payload), signature)


def webhook_request(event: Any, url: str, method: str, secret: str, attempt: int) -> WebhookRequest:
    """The signed request for one delivery attempt of ``event`` to ``url``."""
    headers = {
        "User-Agent": USER_AGENT,
        "X-Gateway-Event-Sid": str(event.sid),
        "X-Gateway-Event-Kind": str(event.kind),
        "X-Gateway-Delivery-Attempt": str(attempt),
    }
    if method == "GET":
        target = event_query_url(url, event)
        headers[SIGNATURE_HEADER] = sign(secret, target.encode())
        return WebhookRequest("GET", target, b"", headers)
    body = event_body(event)
    headers |= {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body)}
    return WebhookRequest("POST", url, body, headers)
