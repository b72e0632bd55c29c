"""HTTP caching of GET queries: an entity tag per answer, and 304 for a client that has it.

A GET query's answer carries ``ETag`` and ``Cache-Control: private, no-cache`` (a browser may
keep it but must revalidate it, a shared cache must not keep it), and every ``/graphql``
answer says ``Vary: Authorization, Accept``. The tag is the SHA-256 of the account, the media
type and the answer's ``data`` and ``errors``, so it changes whenever they would and two
accounts never share one; ``extensions`` (the cost and the rate limiter's state, which change
with every request) are left out. ``If-None-Match`` naming the tag gets 304 with no body: the
query still runs (and is charged), only the transfer is saved.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response

CACHE_CONTROL = "private, no-cache"
VARY = "Authorization, Accept"
TAGGED_ENTRIES = ("data", "errors")


def entity_tag(account: str, media_type: str, answer: Mapping[str, Any]) -> str:
    tagged = {key: answer[key] for key in TAGGED_ENTRIES if key in answer}
    digest = hashlib.sha256(f"{account}\n{media_type}\n".encode())
    digest.update(orjson.dumps(tagged))  # key order follows the query: deterministic
    return '"' + base64.urlsafe_b64encode(digest.digest()[:24]).decode() + '"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """``If-None-Match`` names ``tag`` (weak comparison, as RFC 9110 asks for this header)."""
    if not if_none_match:
        return False
    candidates = (candidate.strip() for candidate in if_none_match.split(","))
    return any(c == "*" or c.removeprefix("W/") == tag for c in candidates)


def revalidated(response: Response, tag: str | None, if_none_match: str | None) -> Response:
    """The answer to a GET query with its caching headers, or 304 when the client has it."""
    if tag is None or response.status_code != 200:
        return response
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}
    if matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response
