"""createAuthorizationDocument: 1 to 15,000 orders in PENDING_LOA at one address [22101]."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from resolvers.core.sids import new_sid
from resolvers.core.tables import hosted_number_orders
from tests.hosted.support import (
    LANDLINE,
    TOLLFREE,
    add_address,
    add_lookup,
    call,
    get_order,
    iso,
    new_document,
    new_order,
    refused,
    verify,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Caller, new_caller

CREATE = "createAuthorizationDocument"
SIDS = ["input", "hostedNumberOrderSids"]


async def _ready(gateway: Gateway, caller: Caller, address: str, number: str) -> str:
    await add_lookup(gateway, number, "TOLLFREE" if number == TOLLFREE else "LANDLINE")
    order = await new_order(gateway, caller, address, number)
    await verify(gateway, caller, order["sid"])
    return str(order["sid"])


async def test_a_document_opens_with_a_signing_link(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    sids = [await _ready(gateway, caller, address, n) for n in (LANDLINE, TOLLFREE)]
    gateway.clock.advance(timedelta(hours=1))
    document = await new_document(
        gateway, caller, address, sids, ccEmails=["cc@example.com"], contactTitle="CEO"
    )
    assert document["sid"].startswith("PX")
    assert document["status"] == "OPENED"
    assert (document["orderCount"], document["ccEmails"]) == (2, ["cc@example.com"])
    assert document["expiresAt"] == iso(T0 + timedelta(days=7, hours=1))
    url = document["signingUrl"]
    assert url.startswith("/sign/")
    assert len(url) > len("/sign/") + 40
    order = await get_order(gateway, caller, sids[0])
    assert order["authorizationDocumentSid"] == document["sid"]
    assert order["deadlineAt"] == document["expiresAt"]
    listed = await gateway.gql(
        "{ authorizationDocuments { totalCount nodes { sid status signingUrl } } }",
        auth=caller.auth,
    )
    assert listed["authorizationDocuments"]["totalCount"] == 1
    [node] = listed["authorizationDocuments"]["nodes"]
    assert (node["sid"], node["signingUrl"]) == (document["sid"], None)  # shown once
    on_document = await gateway.gql(
        "query($d: String) { hostedNumberOrders(authorizationDocumentSid: $d) { totalCount } }",
        {"d": document["sid"]},
        auth=caller.auth,
    )
    assert on_document["hostedNumberOrders"]["totalCount"] == 2
    node_read = await gateway.gql(
        "query($id: ID!) { node(id: $id) { ... on AuthorizationDocument { orderCount } } }",
        {"id": document["sid"]},
        auth=caller.auth,
    )
    assert node_read["node"] == {"orderCount": 2}


async def test_the_order_list_is_checked(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    ready = await _ready(gateway, caller, address, LANDLINE)
    await add_lookup(gateway, TOLLFREE, "TOLLFREE")
    pending = (await new_order(gateway, caller, address, TOLLFREE))["sid"]
    base: dict[str, Any] = {"addressSid": address, "email": "a@b.co"}
    invalid = "HOSTED_INVALID_ORDER_SIDS"
    cases = [
        ([], invalid, 22101, SIDS),
        (["PN" + "0" * 32], invalid, 22101, [*SIDS, "0"]),
        ([ready, ready], invalid, 22101, [*SIDS, "1"]),
        ([ready, pending], invalid, 22101, [*SIDS, "1"]),
        ([ready, "HR" + "0" * 32], "NOT_FOUND", 20404, [*SIDS, "1"]),
    ]
    for sids, code, twilio_code, field in cases:
        payload = await call(gateway, caller, CREATE, hostedNumberOrderSids=sids, **base)
        refused(payload, code, twilio_code, field)
    too_many = [new_sid("HR") for _ in range(15_001)]
    payload = await call(gateway, caller, CREATE, hostedNumberOrderSids=too_many, **base)
    error = refused(payload, invalid, 22101, SIDS)
    assert "15,000" in error["message"]
    other_address = await add_address(gateway, caller.sid)
    payload = await call(
        gateway,
        caller,
        CREATE,
        hostedNumberOrderSids=[ready],
        addressSid=other_address,
        email="a@b.co",
    )
    refused(payload, "HOSTED_ADDRESS_MISMATCH", None, [*SIDS, "0"])
    await new_document(gateway, caller, address, [ready])
    payload = await call(gateway, caller, CREATE, hostedNumberOrderSids=[ready], **base)
    error = refused(payload, invalid, 22101, [*SIDS, "0"])
    assert "already" in error["message"]


async def test_fifteen_thousand_orders_on_one_document(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    sids = [new_sid("HR") for _ in range(15_000)]
    rows = [_pending_loa_row(sid, caller.sid, address, index) for index, sid in enumerate(sids)]
    async with gateway.engine.begin() as conn:
        await conn.execute(hosted_number_orders.insert(), rows)
    with gateway.count_statements() as log:
        document = await new_document(gateway, caller, address, sids)
    assert document["orderCount"] == 15_000
    assert log.count < 60  # chunked: 15 reads and 15 updates, not 15,000 of each
    async with gateway.engine.connect() as conn:
        attached = await conn.scalar(
            select(func.count()).where(hosted_number_orders.c.document_sid == document["sid"])
        )
    assert attached == 15_000


def _pending_loa_row(sid: str, account_sid: str, address: str, index: int) -> dict[str, Any]:
    return {
        "sid": sid,
        "account_sid": account_sid,
        "phone_number": f"+1{415 + index // 10_000}555{index % 10_000:04d}",
        "iso_country": "US",
        "line_type": "LANDLINE",
        "friendly_name": "bulk",
        "status": "PENDING_LOA",
        "address_sid": address,
        "email": "bulk@example.com",
        "cc_emails": "[]",
        "deadline_at": T0 + timedelta(days=7),
        "created_at": T0,
        "updated_at": T0,
    }
