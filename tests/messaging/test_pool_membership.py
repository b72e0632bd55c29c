"""createMessagingService, add/removeNumberToMessagingService and the messagingServices reads
(REFERENCE.md, "Activity and reclaim": one service per number [21712], 400 per pool [21714])."""

from __future__ import annotations

from typing import Any

from resolvers.core.sids import new_sid
from tests.messaging.pools import (
    SERVICE,
    call,
    new_service,
    ok,
    phone_numbers,
    pooled_numbers,
    refused,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_number, add_numbers, new_caller

ADD = "addNumberToMessagingService"
REMOVE = "removeNumberFromMessagingService"
NUMBER = ["input", "numberSid"]
SERVICE_FIELD = ["input", "messagingServiceSid"]


async def test_create_has_defaults_and_an_empty_pool(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller, friendlyName="  Alerts  ")
    assert service["sid"].startswith("MG")
    assert service["id"] == service["sid"]
    assert service["accountSid"] == caller.sid
    assert (service["friendlyName"], service["stickySender"]) == ("Alerts", False)
    assert (service["maxPoolSize"], service["numberCount"]) == (400, 0)
    assert service["createdAt"] == T0.isoformat() + "+00:00"
    sticky = await new_service(gateway, caller, stickySender=True, maxPoolSize=3)
    assert (sticky["stickySender"], sticky["maxPoolSize"]) == (True, 3)


async def test_create_checks_its_input(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    create = "createMessagingService"
    payload = await call(gateway, caller, create, friendlyName=" ")
    refused(payload, "INVALID_INPUT", None, ["input", "friendlyName"])
    payload = await call(gateway, caller, create, friendlyName="x" * 65)
    refused(payload, "FRIENDLY_NAME_TOO_LONG", None, ["input", "friendlyName"])
    for size in (0, 401):
        payload = await call(gateway, caller, create, friendlyName="P", maxPoolSize=size)
        refused(payload, "INVALID_INPUT", None, ["input", "maxPoolSize"])
    stranger = await new_caller(gateway.engine)
    payload = await call(gateway, caller, create, friendlyName="P", accountSid=stranger.sid)
    refused(payload, "NOT_FOUND", 20404, ["input", "accountSid"])


async def test_a_parent_creates_one_for_its_subaccount(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    service = await new_service(gateway, parent, accountSid=child.sid)
    assert service["accountSid"] == child.sid
    [number] = await add_numbers(gateway.engine, child.sid, ["+14155550100"])
    payload = ok(
        await call(gateway, parent, ADD, messagingServiceSid=service["sid"], numberSid=number)
    )
    assert payload["messagingService"]["numberCount"] == 1


async def test_add_and_remove_numbers(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    first, second = await add_numbers(gateway.engine, caller.sid, phone_numbers(2))
    sid = service["sid"]
    added = ok(await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=first))
    assert added["messagingService"]["numberCount"] == 1
    again = ok(await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=first))
    assert again["messagingService"]["numberCount"] == 1  # already there: nothing changes
    ok(await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=second))
    query = (
        "query($sid: String!) { activeNumber(sid: $sid) { messagingService { sid numberCount } } }"
    )
    data = await gateway.gql(query, {"sid": first}, auth=caller.auth)
    assert data["activeNumber"]["messagingService"] == {"sid": sid, "numberCount": 2}
    removed = ok(await call(gateway, caller, REMOVE, messagingServiceSid=sid, numberSid=first))
    assert removed["messagingService"]["numberCount"] == 1
    data = await gateway.gql(query, {"sid": first}, auth=caller.auth)
    assert data["activeNumber"]["messagingService"] is None
    payload = await call(gateway, caller, REMOVE, messagingServiceSid=sid, numberSid=first)
    refused(payload, "NOT_FOUND", 20404, NUMBER)


async def test_a_number_is_in_at_most_one_service(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    one, other = await new_service(gateway, caller), await new_service(gateway, caller)
    [number] = await add_numbers(gateway.engine, caller.sid, ["+14155550100"])
    ok(await call(gateway, caller, ADD, messagingServiceSid=one["sid"], numberSid=number))
    payload = await call(gateway, caller, ADD, messagingServiceSid=other["sid"], numberSid=number)
    refused(payload, "MESSAGING_SERVICE_NUMBER_IN_USE", 21712, NUMBER)
    ok(await call(gateway, caller, REMOVE, messagingServiceSid=one["sid"], numberSid=number))
    ok(await call(gateway, caller, ADD, messagingServiceSid=other["sid"], numberSid=number))


async def test_a_full_pool_takes_no_more(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller, maxPoolSize=2)
    first, second, third = await add_numbers(gateway.engine, caller.sid, phone_numbers(3))
    sid = service["sid"]
    for number in (first, second):
        ok(await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=number))
    payload = await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=third)
    refused(payload, "MESSAGING_SERVICE_FULL", 21714, SERVICE_FIELD)
    ok(await call(gateway, caller, REMOVE, messagingServiceSid=sid, numberSid=first))
    ok(await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=third))


async def test_the_default_pool_holds_400(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    await pooled_numbers(gateway, caller, service["sid"], phone_numbers(400))
    [extra] = await add_numbers(gateway.engine, caller.sid, ["+442071838750"])
    payload = await call(gateway, caller, ADD, messagingServiceSid=service["sid"], numberSid=extra)
    refused(payload, "MESSAGING_SERVICE_FULL", 21714, SERVICE_FIELD)


async def test_numbers_and_services_out_of_reach_are_not_found(gateway: Gateway) -> None:
    caller, stranger = await new_caller(gateway.engine), await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    theirs = await new_service(gateway, stranger)
    sid = service["sid"]
    [mine] = await add_numbers(gateway.engine, caller.sid, ["+14155550100"])
    released = await add_number(gateway.engine, caller.sid, "+14155550101", status="RELEASED")
    [foreign] = await add_numbers(gateway.engine, stranger.sid, ["+14155550102"])
    payload = await call(gateway, caller, REMOVE, messagingServiceSid=sid, numberSid=released)
    refused(payload, "NOT_FOUND", 20404, NUMBER)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"messagingServiceSid": sid, "numberSid": foreign}, NUMBER),
        ({"messagingServiceSid": sid, "numberSid": new_sid("PN")}, NUMBER),
        ({"messagingServiceSid": sid, "numberSid": "not-a-sid"}, NUMBER),
        ({"messagingServiceSid": theirs["sid"], "numberSid": mine}, SERVICE_FIELD),
        ({"messagingServiceSid": new_sid("MG"), "numberSid": mine}, SERVICE_FIELD),
    ]
    for input_, field in cases:
        for name in (ADD, REMOVE):
            refused(await call(gateway, caller, name, **input_), "NOT_FOUND", 20404, field)


async def test_only_sms_capable_numbers_in_use_may_join(gateway: Gateway) -> None:
    """Issue 13, item 3: a released number, or one without SMS, is refused by name."""
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller)
    sid = service["sid"]
    released = await add_number(gateway.engine, caller.sid, "+14155550101", status="RELEASED")
    voice_only = await add_number(
        gateway.engine, caller.sid, "+14155550102", {"sms_capable": False}
    )
    payload = await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=released)
    refused(payload, "MESSAGING_SERVICE_NUMBER_NOT_IN_USE", None, NUMBER)
    payload = await call(gateway, caller, ADD, messagingServiceSid=sid, numberSid=voice_only)
    refused(payload, "MESSAGING_SERVICE_NUMBER_NOT_SMS_CAPABLE", 21715, NUMBER)
    query = "query($id: ID!) { node(id: $id) { ... on MessagingService { numberCount } } }"
    data = await gateway.gql(query, {"id": sid}, auth=caller.auth)
    assert data["node"]["numberCount"] == 0


async def test_a_subaccount_number_cannot_join_its_parents_service(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    service = await new_service(gateway, parent)
    [number] = await add_numbers(gateway.engine, child.sid, ["+14155550100"])
    payload = await call(gateway, parent, ADD, messagingServiceSid=service["sid"], numberSid=number)
    refused(payload, "NOT_FOUND", 20404, NUMBER)


LIST = f"""
query($first: Int, $after: String, $accountSid: String) {{
  messagingServices(first: $first, after: $after, accountSid: $accountSid) {{
    edges {{ cursor node {{ sid }} }}
    nodes {{ {SERVICE} }}
    pageInfo {{ hasNextPage endCursor }}
    totalCount
  }}
}}
"""


async def test_messaging_services_are_listed_oldest_first_in_pages(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    stranger = await new_caller(gateway.engine)
    await new_service(gateway, stranger)
    created = []
    for _ in range(5):
        created.append((await new_service(gateway, caller))["sid"])
        gateway.clock.advance(T0 - T0.replace(hour=11))
    await pooled_numbers(gateway, caller, created[1], phone_numbers(3))
    seen: list[str] = []
    after = None
    while True:
        data = await gateway.gql(LIST, {"first": 2, "after": after}, auth=caller.auth)
        page = data["messagingServices"]
        assert page["totalCount"] == 5
        seen += [node["sid"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == created
    data = await gateway.gql(LIST, {"first": 5}, auth=caller.auth)
    counts = [node["numberCount"] for node in data["messagingServices"]["nodes"]]
    assert counts == [0, 3, 0, 0, 0]
    errors = await gateway.gql_errors(LIST, {"accountSid": stranger.sid}, auth=caller.auth)
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_page_with_pool_sizes_is_one_statement(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    for index in range(3):
        service = await new_service(gateway, caller)
        await pooled_numbers(
            gateway, caller, service["sid"], phone_numbers(5 * (index + 1))[5 * index :]
        )
    query = "{ messagingServices { nodes { sid numberCount stickySender } } }"
    with gateway.count_statements() as log:
        data = await gateway.gql(query, auth=caller.auth)
    nodes = data["messagingServices"]["nodes"]
    assert [node["numberCount"] for node in nodes] == [5, 5, 5]
    reads = [s for s in log.statements if "messaging_services" in s]
    assert len(reads) == 1, log.statements


async def test_node_serves_a_messaging_service(gateway: Gateway) -> None:
    caller = await new_caller(gateway.engine)
    service = await new_service(gateway, caller, stickySender=True)
    await pooled_numbers(gateway, caller, service["sid"], phone_numbers(2))
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on MessagingService {{ {SERVICE} }} }} }}"
    data = await gateway.gql(query, {"id": service["sid"]}, auth=caller.auth)
    assert data["node"] == {**service, "numberCount": 2}
    stranger = await new_caller(gateway.engine)
    data = await gateway.gql(query, {"id": service["sid"]}, auth=stranger.auth)
    assert data["node"] is None


async def test_a_released_number_leaves_its_pool_and_does_not_rejoin_on_restore(
    gateway: Gateway,
) -> None:
    from sqlalchemy import select

    from resolvers.core.tables import owned_numbers
    from tests.support.client import basic_auth
    from tests.support.factories import (
        add_account,
        add_catalog,
        add_messaging_service,
        add_owned,
        catalog_row,
    )

    account = await add_account(gateway.engine)
    auth = basic_auth(account.sid, account.token)
    service = await add_messaging_service(gateway.engine, account.sid, "Pool")
    await add_catalog(gateway.engine, [catalog_row("+14155550123")])
    sid = await add_owned(
        gateway.engine, account.sid, "+14155550123", messaging_service_sid=service
    )
    released = await gateway.gql(
        "mutation($s: String!) { releasePhoneNumber(input: {sid: $s}) { userErrors { code } } }",
        {"s": sid},
        auth=auth,
    )
    assert released["releasePhoneNumber"]["userErrors"] == []
    restored = await gateway.gql(
        'mutation { restorePhoneNumber(input: {phoneNumber: "+14155550123"}) '
        "{ activeNumber { messagingService { sid } } userErrors { code } } }",
        auth=auth,
    )
    assert restored["restorePhoneNumber"]["userErrors"] == []
    assert restored["restorePhoneNumber"]["activeNumber"]["messagingService"] is None
    async with gateway.engine.connect() as conn:
        pool = await conn.scalar(
            select(owned_numbers.c.messaging_service_sid).where(owned_numbers.c.sid == sid)
        )
    assert pool is None
