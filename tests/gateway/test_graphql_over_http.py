"""GraphQL over HTTP media types: ``application/graphql-response+json`` when the client asks
for it, ``application/json`` otherwise; request errors are 400 without ``data`` under the
former and 200 with ``"data": null`` under the latter; every answer says its Content-Type."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.client import Gateway
from tests.support.numbers import sign_in

NEW = "application/graphql-response+json"
LEGACY = "application/json"
COERCION = "query Page($n: Int) { viewer { transactions(first: $n) { totalCount } } }"
RELEASE = 'mutation { releasePhoneNumber(input: { sid: "PN0" }) { userErrors { code } } }'
REQUEST_ERRORS = {
    "parse": ("{ viewer { sid ", None),
    "validation": ("{ viewer { noSuchField } }", None),
    "variable coercion": (COERCION, {"n": "not a number"}),
}


async def _post(gateway: Gateway, body: dict[str, Any], accept: str | None) -> httpx.Response:
    headers = {"Authorization": gateway.auth or ""}
    if accept is not None:
        headers["Accept"] = accept
    return await gateway.http.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize("case", sorted(REQUEST_ERRORS))
async def test_request_errors_are_400_without_data_under_the_new_media_type(
    gateway: Gateway, case: str
) -> None:
    await sign_in(gateway)
    query, variables = REQUEST_ERRORS[case]
    body = {"query": query, "variables": variables}
    new = await _post(gateway, body, NEW)
    assert new.status_code == 400, new.text
    assert new.headers["content-type"] == f"{NEW}; charset=utf-8"
    assert "data" not in new.json()
    assert new.json()["errors"]
    legacy = await _post(gateway, body, LEGACY)
    assert legacy.status_code == 200, legacy.text
    assert legacy.headers["content-type"] == f"{LEGACY}; charset=utf-8"
    assert legacy.json()["data"] is None
    assert legacy.json()["errors"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (NEW, NEW),
        (f"{NEW}, {LEGACY};q=0.9", NEW),
        (f"{LEGACY}, {NEW};q=0.5", LEGACY),
        (LEGACY, LEGACY),
        ("*/*", LEGACY),
        ("application/*", LEGACY),
        (None, LEGACY),
    ],
)
async def test_the_answer_is_in_the_media_type_the_client_prefers(
    gateway: Gateway, accept: str | None, media_type: str
) -> None:
    await sign_in(gateway)
    response = await _post(gateway, {"query": "{ viewer { sid } }"}, accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert response.json()["data"]["viewer"]["sid"]


async def test_an_unacceptable_accept_header_is_406(gateway: Gateway) -> None:
    await sign_in(gateway)
    response = await _post(gateway, {"query": "{ viewer { sid } }"}, "text/html")
    assert response.status_code == 406
    assert response.headers["content-type"] == f"{LEGACY}; charset=utf-8"
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


async def test_a_malformed_request_is_a_json_400(gateway: Gateway) -> None:
    await sign_in(gateway)
    headers = {
        "Authorization": gateway.auth or "",
        "Accept": NEW,
        "Content-Type": "application/json",
    }
    response = await gateway.http.post("/graphql", content=b"{not json", headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"] == f"{NEW}; charset=utf-8"
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "JSON" in error["message"]


async def test_a_refused_mutation_over_get_has_no_data_under_the_new_media_type(
    gateway: Gateway,
) -> None:
    await sign_in(gateway)
    response = await gateway.http.get(
        "/graphql",
        params={"query": RELEASE},
        headers={"Authorization": gateway.auth or "", "Accept": NEW},
    )
    assert response.status_code == 405, response.text
    assert "data" not in response.json()


async def test_401_is_json_in_the_negotiated_media_type(gateway: Gateway) -> None:
    response = await _post(gateway, {"query": "{ viewer { sid } }"}, NEW)
    assert response.status_code == 401
    assert response.headers["content-type"] == f"{NEW}; charset=utf-8"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
