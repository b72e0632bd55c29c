"""The signing page over HTTP: the letter (escaped), the form, wrong and right signatures."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.hosted.support import (
    CUSTOMER,
    LANDLINE,
    POSTAL_CODE,
    TOLLFREE,
    add_address,
    add_lookup,
    get_order,
    iso,
    new_document,
    new_order,
    status_events,
    verify,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Caller, new_caller


async def _document(gateway: Gateway) -> tuple[Caller, list[str], dict[str, str]]:
    caller = await new_caller(gateway.engine, name="<script>alert(1)</script>")
    address = await add_address(gateway, caller.sid)
    sids = []
    for number, kind in ((LANDLINE, "LANDLINE"), (TOLLFREE, "TOLLFREE")):
        await add_lookup(gateway, number, kind)
        order = await new_order(gateway, caller, address, number)
        await verify(gateway, caller, order["sid"])
        sids.append(order["sid"])
    document = await new_document(gateway, caller, address, sids)
    return caller, sids, document


def _form(url: str, name: str, postal_code: str = POSTAL_CODE, **extra: str) -> dict[str, str]:
    return {
        "token": url.removeprefix("/sign/"),
        "signer_name": name,
        "postal_code": postal_code,
        "confirm": "yes",
        **extra,
    }


async def _post(gateway: Gateway, url: str, form: dict[str, str]) -> httpx.Response:
    return await gateway.http.post(url, data=form)


async def _document_status(gateway: Gateway, caller: Caller) -> str:
    data = await gateway.gql("{ authorizationDocuments { nodes { status } } }", auth=caller.auth)
    return str(data["authorizationDocuments"]["nodes"][0]["status"])


async def test_the_letter_is_shown_escaped_and_opening_it_starts_signing(
    gateway: Gateway,
) -> None:
    caller, _, document = await _document(gateway)
    response = await gateway.http.get(document["signingUrl"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    page = response.text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ada &lt;Lovelace&gt; &amp; Co" in page
    assert "1 &lt;Market&gt; St" in page
    assert LANDLINE in page
    assert TOLLFREE in page
    assert "94105" in page
    assert '<form method=post action="/sign/' in page
    assert "name=signer_name" in page
    assert await _document_status(gateway, caller) == "SIGNING"
    again = await gateway.http.get(document["signingUrl"])
    assert again.status_code == 200  # reopening is fine until it is signed


async def test_a_wrong_name_or_postal_code_shows_the_form_again(gateway: Gateway) -> None:
    caller, sids, document = await _document(gateway)
    url = document["signingUrl"]
    wrong_name = await _post(gateway, url, _form(url, "<b>Someone Else</b>"))
    assert wrong_name.status_code == 422
    assert "class=error" in wrong_name.text
    assert "customer name" in wrong_name.text
    assert "&lt;b&gt;Someone Else&lt;/b&gt;" in wrong_name.text  # kept, escaped
    assert "<b>Someone" not in wrong_name.text
    wrong_code = await _post(gateway, url, _form(url, CUSTOMER, "10001"))
    assert wrong_code.status_code == 422
    assert "postal code" in wrong_code.text
    unconfirmed = _form(url, CUSTOMER)
    del unconfirmed["confirm"]
    assert (await _post(gateway, url, unconfirmed)).status_code == 422
    forged = await _post(gateway, url, _form(url, CUSTOMER, token="x" * 43))
    assert forged.status_code == 400
    assert (await get_order(gateway, caller, sids[0]))["status"] == "PENDING_LOA"
    assert await _document_status(gateway, caller) == "OPENED"


async def test_the_right_name_signs_and_the_carrier_starts(gateway: Gateway) -> None:
    caller, sids, document = await _document(gateway)
    url = document["signingUrl"]
    await gateway.http.get(url)
    gateway.clock.advance(timedelta(hours=2))
    signed = await _post(gateway, url, _form(url, "  ada <LOVELACE>   &  co ", "94 105"))
    assert signed.status_code == 200, signed.text
    assert "signed" in signed.text
    data = await gateway.gql(
        "{ authorizationDocuments { nodes { status signerName signedAt } } }", auth=caller.auth
    )
    [node] = data["authorizationDocuments"]["nodes"]
    assert node == {
        "status": "SIGNED",
        "signerName": "ada <LOVELACE> & co",
        "signedAt": iso(T0 + timedelta(hours=2)),
    }
    landline, tollfree = [await get_order(gateway, caller, sid) for sid in sids]
    assert landline["status"] == tollfree["status"] == "CARRIER_PROCESSING"
    # T0 is a Thursday: one business day → Friday, two → Monday
    assert landline["deadlineAt"] == iso(T0 + timedelta(days=1, hours=2))
    assert tollfree["deadlineAt"] == iso(T0 + timedelta(days=4, hours=2))
    assert (await status_events(gateway, sids[0]))[-1] == ("PENDING_LOA", "CARRIER_PROCESSING")
    used = await gateway.http.get(url)
    assert used.status_code == 410
    assert "signed already" in used.text
    assert (await _post(gateway, url, _form(url, CUSTOMER))).status_code == 410


async def test_unknown_and_expired_links_are_refused(gateway: Gateway) -> None:
    unknown = await gateway.http.get("/sign/not-a-real-token")
    assert unknown.status_code == 404
    assert "not valid" in unknown.text
    _, _, document = await _document(gateway)
    gateway.clock.advance(timedelta(days=7))
    expired = await gateway.http.get(document["signingUrl"])
    assert expired.status_code == 410
    assert "expired" in expired.text
