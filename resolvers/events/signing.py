"""What a status callback receives: the JSON body of an event and its signature.

Recipe (README "Events and webhooks"): ``X-Gateway-Signature`` is the base64 of the
HMAC-SHA256 of the raw request body, keyed with ``GATEWAY_WEBHOOK_SECRET`` (UTF-8). A receiver
recomputes it over the bytes it received, before parsing them, and compares in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import orjson

from resolvers.core.times import as_utc

SIGNATURE_HEADER = "X-Gateway-Signature"
USER_AGENT = "numbers-gateway-webhooks/1"


def event_body(event: Any) -> bytes:
    """The JSON body for an event row (``number_events`` columns)."""
    return orjson.dumps(
        {
            "eventSid": event.sid,
            "kind": event.kind,
            "accountSid": event.account_sid,
            "nodeType": event.node_type,
            "nodeSid": event.node_sid,
            "occurredAt": as_utc(event.occurred_at).isoformat(),
            "data": orjson.loads(event.data),
        }
    )


def sign(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signature_matches(secret: str, body: bytes, signature: str) -> bool:
    """The receiver's check (used by the tests, and a reference for clients)."""
    return hmac.compare_digest(sign(secret, body), signature)


def delivery_headers(event: Any, body: bytes, secret: str, attempt: int) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Gateway-Event-Sid": str(event.sid),
        "X-Gateway-Event-Kind": str(event.kind),
        "X-Gateway-Delivery-Attempt": str(attempt),
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    return headers
