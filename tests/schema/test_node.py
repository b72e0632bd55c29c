"""``node(id:)``: any object of the viewer (or of its subaccounts) by its sid."""

from __future__ import annotations

from graphql import GraphQLInterfaceType

from resolvers.core.sids import new_sid
from resolvers.nodes import NODE_TYPES
from schema.build import NODE_CLASSES, build_schema
from tests.support.client import Gateway
from tests.support.factories import add_address, add_messaging_service
from tests.support.numbers import add_number, new_caller, sign_in
from tests.support.queries import NODE_FULL_TREE
from tests.support.scenarios import add_rich_number

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on ActiveNumber { sid phoneNumber accountSid capabilities { voice { e911 } } }
    ... on Account { sid friendlyName isSubaccount balance { amount } }
    ... on Address { sid customerName isoCountry createdAt }
    ... on MessagingService { sid friendlyName }
  }
}
"""


async def node(gateway: Gateway, id_: str) -> dict[str, object] | None:
    found: dict[str, object] | None = (await gateway.gql(NODE, {"id": id_}))["node"]
    return found


async def test_node_serves_each_type_of_the_viewer(gateway: Gateway) -> None:
    caller = await sign_in(gateway, name="Me")
    number = await add_number(gateway.engine, caller.sid, "+14155550100")
    address = await add_address(gateway.engine, caller.sid, iso_country="GB")
    service = await add_messaging_service(gateway.engine, caller.sid, "Alerts")
    assert await node(gateway, number) == {
        "__typename": "ActiveNumber",
        "id": number,
        "sid": number,
        "phoneNumber": "+14155550100",
        "accountSid": caller.sid,
        "capabilities": {"voice": {"e911": True}},
    }
    assert await node(gateway, caller.sid) == {
        "__typename": "Account",
        "id": caller.sid,
        "sid": caller.sid,
        "friendlyName": "Me",
        "isSubaccount": False,
        "balance": {"amount": "1000.00"},
    }
    assert await node(gateway, address) == {
        "__typename": "Address",
        "id": address,
        "sid": address,
        "customerName": "Acme Inc",
        "isoCountry": "GB",
        "createdAt": "2026-01-15T12:00:00+00:00",
    }
    assert await node(gateway, service) == {
        "__typename": "MessagingService",
        "id": service,
        "sid": service,
        "friendlyName": "Alerts",
    }


async def test_node_serves_the_whole_tree(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    rich = await add_rich_number(gateway.engine, caller.sid)
    found = (await gateway.gql(NODE_FULL_TREE, {"id": rich.sid}))["node"]
    assert found["__typename"] == "ActiveNumber"
    assert found["regulatory"]["address"]["sid"] == rich.address_sid
    assert found["messagingService"]["sid"] == rich.service_sid
    assert found["activity"]["isActive"] is True
    assert found["billing"]["monthlyFee"] == {"amount": "2.15", "currency": "USD"}


async def test_node_reaches_the_objects_of_subaccounts(gateway: Gateway) -> None:
    parent = await sign_in(gateway)
    child = await new_caller(gateway.engine, parent_sid=parent.sid, name="Child")
    number = await add_number(gateway.engine, child.sid, "+14155550200")
    address = await add_address(gateway.engine, child.sid)
    found = await node(gateway, number)
    assert found is not None
    assert (found["__typename"], found["accountSid"]) == ("ActiveNumber", child.sid)
    found = await node(gateway, child.sid)
    assert found is not None
    assert (found["__typename"], found["isSubaccount"]) == ("Account", True)
    found = await node(gateway, address)
    assert found is not None
    assert found["__typename"] == "Address"


async def test_node_is_null_for_anything_else(gateway: Gateway) -> None:
    await sign_in(gateway)
    stranger = await new_caller(gateway.engine)
    foreign = [
        await add_number(gateway.engine, stranger.sid, "+14155550300"),
        stranger.sid,
        await add_address(gateway.engine, stranger.sid),
        await add_messaging_service(gateway.engine, stranger.sid, "Theirs"),
    ]
    unknown = [new_sid(prefix) for prefix in ("PN", "AC", "AD", "MG")]
    garbage = [
        "",
        "garbage",
        "PN123",
        "pn" + "0" * 32,
        "PN" + "G" * 32,
        "XX" + "0" * 32,
        new_sid("TK"),  # a sid, but not of a Node type
        new_sid("AP"),
        "PN" + foreign[0][2:].upper(),
        foreign[0] + " ",
        "' OR 1=1 --",
    ]
    for id_ in foreign + unknown + garbage:
        assert await node(gateway, id_) is None, id_


def test_node_serves_exactly_the_types_that_implement_node() -> None:
    graphql_schema = build_schema()._schema
    node_interface = graphql_schema.get_type("Node")
    assert isinstance(node_interface, GraphQLInterfaceType)
    implementing = {t.name for t in graphql_schema.get_possible_types(node_interface)}
    assert implementing == set(NODE_TYPES) == set(NODE_CLASSES)
