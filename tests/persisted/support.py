"""Requests carrying Apollo's ``extensions.persistedQuery``, over POST and GET."""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from gateway.persisted import sha256_hex
from tests.support.client import Gateway

VIEWER = "query Me { viewer { sid } }"


def persisted(sha256: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


async def send(
    gateway: Gateway,
    method: str,
    *,
    query: str | None = None,
    sha256: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A request with the query, its persisted hash (``query``'s own unless given), or both."""
    body: dict[str, Any] = {}
    if query is not None:
        body["query"] = query
    if sha256 is not None:
        body["extensions"] = persisted(sha256)
    all_headers = {"Authorization": gateway.auth or "", **(headers or {})}
    if method == "GET":
        params = {k: v if k == "query" else orjson.dumps(v).decode() for k, v in body.items()}
        return await gateway.http.get("/graphql", params=params, headers=all_headers)
    return await gateway.http.post("/graphql", json=body, headers=all_headers)


def hash_of(query: str) -> str:
    return sha256_hex(query)


def code_of(response: httpx.Response) -> str:
    [error] = response.json()["errors"]
    code: str = error["extensions"]["code"]
    return code
