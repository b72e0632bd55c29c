"""A hosted number's service address is a place, never a PO box [18018]."""

from __future__ import annotations

from datetime import timedelta

import pytest

from resolvers.hosted.service_address import is_po_box
from tests.hosted.support import LANDLINE, add_address, add_lookup, call, new_order, refused
from tests.support.client import Gateway
from tests.support.numbers import new_caller

CREATE = "createHostedNumberOrder"
ADDRESS = ["input", "addressSid"]
PO_BOXES = (
    "PO Box 123",
    "P.O. Box 77",
    "p. o. box 5",
    "POB 12",
    "P.O.B. 9",
    "Post Office Box 4410",
    "Postal Box 8",
    "Box 45",
    "Case postale 300",
    "Boîte postale 12",
    "12 Main St, PO Box 9",
)
PLACES = ("1 Market St", "250 Box Elder Rd", "9 Pobody Ave", "77 Post Office Sq", "1 Boxwood Ln")


@pytest.mark.parametrize("street", PO_BOXES)
def test_po_boxes_are_recognised(street: str) -> None:
    assert is_po_box(street)


@pytest.mark.parametrize("street", PLACES)
def test_streets_are_not_po_boxes(street: str) -> None:
    assert not is_po_box(street)


async def test_a_named_po_box_address_is_refused(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await add_lookup(gateway, LANDLINE)
    box = await add_address(gateway, caller.sid, street="P.O. Box 4410")
    payload = await call(
        gateway, caller, CREATE, phoneNumber=LANDLINE, addressSid=box, email="a@b.co"
    )
    error = refused(payload, "HOSTED_ADDRESS_PO_BOX", 18018, ADDRESS)
    assert "PO box" in error["message"]
    data = await gateway.gql("{ hostedNumberOrders { totalCount } }", auth=caller.auth)
    assert data["hostedNumberOrders"]["totalCount"] == 0  # nothing was ordered
    place = await add_address(gateway, caller.sid)
    assert (await new_order(gateway, caller, place))["status"] == "PENDING_VERIFICATION"


async def test_a_po_box_is_not_picked_by_default_either(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    await add_lookup(gateway, LANDLINE)
    await add_address(gateway, caller.sid, street="PO Box 12")  # the oldest: the default
    gateway.clock.advance(timedelta(minutes=1))
    await add_address(gateway, caller.sid)
    payload = await call(gateway, caller, CREATE, phoneNumber=LANDLINE, email="a@b.co")
    refused(payload, "HOSTED_ADDRESS_PO_BOX", 18018, ADDRESS)
