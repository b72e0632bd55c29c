"""Bad input for every mutation, on the scene of ``tests.support.every_mutation`` after each
mutation succeeded once there and ``prepare`` added what some refusals need.

Each entry must be refused (a userError, or a rejected record of a feed); the test compares
the codes it gets with the mutation's declaration. A mutation missing here fails that test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.hosted import support as hosted
from tests.support.every_mutation import FOR_SALE, HOSTED, OWNED, Scene, order, service
from tests.support.factories import add_account, add_catalog, catalog_row

NOBODY = {prefix: prefix + "0" * 32 for prefix in ("PN", "AC", "AD", "RI", "AP", "MG", "HR")}
TOO_LONG = "x" * 65
EXPENSIVE, FOREIGN_ONLY, IDENTITY_NEEDED = "+16282000003", "+16282000004", "+16282000005"
MOBILE, MESSAGING_ELSEWHERE = "+14155550198", "+14155550199"


@dataclass(frozen=True)
class Bad:
    input: Callable[[Scene], dict[str, Any]]
    as_child: bool = False


async def prepare(scene: Scene) -> None:
    """Numbers that cost too much or need a foreign address or an identity, suspended and
    closed subaccounts, a full pool, a number with an emergency registration, and an open
    hosted order whose verification call was made."""
    engine = scene.gateway.engine
    await add_catalog(
        engine,
        [
            catalog_row(EXPENSIVE, setup_fee_minor=10**7),
            catalog_row(FOREIGN_ONLY, address_requirements="FOREIGN"),
            catalog_row(IDENTITY_NEEDED, identity_required=True),
        ],
    )
    suspended = await add_account(engine, parent_sid=scene.parent.sid, status="SUSPENDED")
    closed = await add_account(engine, parent_sid=scene.parent.sid, status="CLOSED")
    scene.found |= {"suspended": suspended.sid, "closed": closed.sid}
    tiny = await scene.call("createMessagingService", {"friendlyName": "Tiny", "maxPoolSize": 1})
    scene.found["tiny"] = tiny["messagingService"]["sid"]
    add = {"messagingServiceSid": scene.found["tiny"], "numberSid": scene.numbers[0]}
    assert (await scene.call("addNumberToMessagingService", add))["userErrors"] == []
    emergency = {"emergencyAddressSid": scene.address, "emergencyStatus": "ACTIVE"}
    configured = await scene.call(
        "configurePhoneNumber", {"sid": scene.numbers[1], "voice": emergency}
    )
    assert configured["userErrors"] == []
    await hosted.add_lookup(scene.gateway, MOBILE, "MOBILE")
    await hosted.add_lookup(scene.gateway, MESSAGING_ELSEWHERE, messaging_enabled=True)
    created = await scene.call("createHostedNumberOrder", _order_input(scene, HOSTED))
    scene.found["open order"] = created["hostedNumberOrder"]["sid"]
    called = await scene.call("startHostedNumberVerification", {"sid": scene.found["open order"]})
    assert called["userErrors"] == []


def _order_input(scene: Scene, phone: str, **extra: Any) -> dict[str, Any]:
    return {"phoneNumber": phone, "addressSid": scene.address, "email": "a@example.com", **extra}


def _letter(scene: Scene, sids: list[str], **extra: Any) -> dict[str, Any]:
    fields = {"hostedNumberOrderSids": sids, "addressSid": scene.address, "email": "a@b.co"}
    return fields | extra


def _buy(phone: str, **extra: Any) -> Bad:
    return Bad(lambda s: {"phoneNumber": phone, **extra})


def _bulk(key: str, **fields: Any) -> Bad:
    return Bad(lambda s: {"idempotencyKey": key, **fields})


def _address(**fields: Any) -> dict[str, Any]:
    address = {"customerName": "n", "street": "s", "city": "c", "region": "r", "postalCode": "p"}
    return {**address, "isoCountry": "US", **fields}


def _record(**fields: Any) -> dict[str, Any]:
    return {"kind": "CALL", "direction": "INBOUND", "status": "COMPLETED", **fields}


BAD_INPUTS: dict[str, list[Bad]] = {
    "purchasePhoneNumber": [
        Bad(lambda s: {}),
        _buy("not a number"),
        _buy(FOR_SALE[0]),
        Bad(lambda s: {"areaCode": "1"}),
        Bad(lambda s: {"areaCode": "212"}),
        Bad(lambda s: {"phoneNumber": FOR_SALE[1], "accountSid": s.stranger}),
        Bad(lambda s: {"phoneNumber": FOR_SALE[1], "accountSid": s.found["suspended"]}),
        _buy(FOR_SALE[1], friendlyName=TOO_LONG),
        _buy(FOR_SALE[1], configuration={"voice": {"url": "ftp://example.com/voice"}}),
        _buy(FOR_SALE[1], configuration={"sms": {"url": "http://127.0.0.1/sms"}}),
        _buy(FOR_SALE[1], configuration={"voice": {"fallbackUrl": "https://example.com/f"}}),
        _buy(FOR_SALE[1], configuration={"voice": {"applicationSid": NOBODY["AP"]}}),
        _buy(FOR_SALE[1], addressSid=NOBODY["AD"]),
        _buy(FOR_SALE[1], identitySid=NOBODY["RI"]),
        _buy(FOR_SALE[1], idempotencyKey=""),
        _buy(FOR_SALE[1], idempotencyKey="buy-1"),
        _buy(EXPENSIVE),
        _buy(FOREIGN_ONLY),
        _buy(IDENTITY_NEEDED),
    ],
    "createNumberOrder": [
        _bulk("bulk-1"),
        _bulk("bulk-2", phoneNumbers=[]),
        _bulk("bulk-3", phoneNumbers=[f"+1628200{n:04d}" for n in range(101)]),
        _bulk("bulk-4", phoneNumbers=[FOR_SALE[1]], areaCode="628"),
        _bulk("bulk-5", areaCode="628"),
        _bulk("bulk-6", areaCode="628", quantity=0),
        _bulk("bulk-7", areaCode="1", quantity=1),
        _bulk("bulk-8", areaCode="212", quantity=1),
        _bulk("bulk-9", phoneNumbers=[FOR_SALE[1], "not a number"]),
        _bulk("bulk-10", phoneNumbers=[FOR_SALE[1], FOR_SALE[0]]),
        _bulk("bulk-11", phoneNumbers=[FOR_SALE[1], EXPENSIVE]),
        _bulk("bulk-12", phoneNumbers=[FOR_SALE[1], FOREIGN_ONLY]),
        _bulk("bulk-13", phoneNumbers=[FOR_SALE[1], IDENTITY_NEEDED]),
        _bulk("bulk-14", phoneNumbers=[FOR_SALE[1]], accountSid=NOBODY["AC"]),
        _bulk("bulk-15", phoneNumbers=[FOR_SALE[1]], addressSid=NOBODY["AD"]),
        _bulk("", phoneNumbers=[FOR_SALE[1]]),
        _bulk("order-1", phoneNumbers=[FOR_SALE[1]]),
        Bad(
            lambda s: {
                "idempotencyKey": "bulk-16",
                "phoneNumbers": [FOR_SALE[1]],
                "accountSid": s.found["suspended"],
            }
        ),
        _bulk(
            "bulk-17",
            phoneNumbers=[FOR_SALE[1]],
            configuration={"voice": {"url": "ftp://example.com/voice"}},
        ),
    ],
    "configurePhoneNumber": [
        Bad(lambda s: {"sid": NOBODY["PN"]}),
        Bad(lambda s: {"sid": s.numbers[0], "accountSid": s.stranger}),
        Bad(lambda s: {"sid": s.numbers[0], "friendlyName": TOO_LONG}),
        Bad(lambda s: {"sid": s.numbers[0], "statusCallback": "not a url"}),
        Bad(
            lambda s: {
                "sid": s.numbers[0],
                "voice": {"url": None, "fallbackUrl": "https://example.com/f"},
            }
        ),
        Bad(lambda s: {"sid": s.numbers[0], "sms": {"fallbackUrl": "https://example.com/f"}}),
        Bad(lambda s: {"sid": s.numbers[0], "mms": {"applicationSid": NOBODY["AP"]}}),
        Bad(lambda s: {"sid": s.numbers[0], "voice": {"trunkSid": "TK" + "0" * 32}}),
        Bad(lambda s: {"sid": s.numbers[0], "voice": {"emergencyStatus": "ACTIVE"}}),
        Bad(lambda s: {"sid": s.numbers[0], "addressSid": NOBODY["AD"]}),
        Bad(lambda s: {"sid": s.numbers[0], "identitySid": NOBODY["RI"]}),
    ],
    "releasePhoneNumber": [
        Bad(lambda s: {"sid": NOBODY["PN"]}),
        Bad(lambda s: {"sid": s.numbers[1]}),
        Bad(lambda s: {"sid": s.numbers[0], "idempotencyKey": "k" * 129}),
        Bad(lambda s: {"sid": s.numbers[1], "idempotencyKey": "rel-1"}),
    ],
    "restorePhoneNumber": [
        Bad(lambda s: {"phoneNumber": "not a number"}),
        Bad(lambda s: {"phoneNumber": FOR_SALE[1]}),
        Bad(lambda s: {"phoneNumber": OWNED[0], "accountSid": s.stranger}),
        Bad(lambda s: {"phoneNumber": OWNED[1], "idempotencyKey": "res-1"}),
        Bad(lambda s: {"phoneNumber": OWNED[0], "idempotencyKey": "new\nline"}),
    ],
    "transferPhoneNumber": [
        Bad(lambda s: {"sid": s.numbers[0], "accountSid": s.parent.sid}, as_child=True),
        Bad(lambda s: {"sid": NOBODY["PN"], "accountSid": s.child.sid}),
        Bad(lambda s: {"sid": s.numbers[0], "accountSid": "nobody"}),
        Bad(lambda s: {"sid": s.numbers[0], "accountSid": NOBODY["AC"]}),
        Bad(lambda s: {"sid": s.numbers[0], "accountSid": s.stranger}),
        Bad(lambda s: {"sid": s.numbers[0], "accountSid": s.found["suspended"]}),
    ],
    "createSubaccount": [
        Bad(lambda s: {"friendlyName": "Grandchild"}, as_child=True),
        Bad(lambda s: {"friendlyName": " "}),
        Bad(lambda s: {"friendlyName": TOO_LONG}),
    ],
    "updateSubaccount": [
        Bad(lambda s: {"sid": NOBODY["AC"]}),
        Bad(lambda s: {"sid": s.stranger, "friendlyName": "Mine"}),
        Bad(lambda s: {"sid": s.parent.sid, "friendlyName": "Me"}),
        Bad(lambda s: {"sid": s.child.sid, "status": None}),
        Bad(lambda s: {"sid": s.child.sid, "friendlyName": TOO_LONG}),
        Bad(lambda s: {"sid": s.child.sid, "status": "SUSPENDED"}, as_child=True),
        Bad(lambda s: {"sid": s.found["closed"], "status": "ACTIVE"}),
    ],
    "addFunds": [
        Bad(lambda s: {"amount": "-1"}),
        Bad(lambda s: {"amount": "0.001"}),
        Bad(lambda s: {"amount": "1000000"}),
        Bad(lambda s: {"amount": "5", "accountSid": s.stranger}),
        Bad(lambda s: {"amount": "5", "accountSid": s.found["closed"]}),
        Bad(lambda s: {"amount": "11.00", "idempotencyKey": "top-up-1"}),
    ],
    "createAddress": [
        Bad(lambda s: _address(customerName=" ")),
        Bad(lambda s: _address(isoCountry="ZZ")),
        Bad(lambda s: _address(friendlyName=TOO_LONG)),
        Bad(lambda s: _address(accountSid=s.stranger)),
    ],
    **{
        name: [
            Bad(lambda s: {"friendlyName": ""}),
            Bad(lambda s: {"friendlyName": TOO_LONG}),
            Bad(lambda s: {"friendlyName": "Mine", "accountSid": s.stranger}),
        ]
        for name in ("createApplication", "createTrunk", "createIdentityDocument")
    },
    "createMessagingService": [
        Bad(lambda s: {"friendlyName": ""}),
        Bad(lambda s: {"friendlyName": "Big", "maxPoolSize": 401}),
        Bad(lambda s: {"friendlyName": "Theirs", "accountSid": s.stranger}),
    ],
    "addNumberToMessagingService": [
        Bad(lambda s: {"messagingServiceSid": NOBODY["MG"], "numberSid": s.numbers[1]}),
        Bad(lambda s: {"messagingServiceSid": service(s), "numberSid": NOBODY["PN"]}),
        Bad(lambda s: {"messagingServiceSid": service(s), "numberSid": s.numbers[0]}),
        Bad(lambda s: {"messagingServiceSid": s.found["tiny"], "numberSid": s.numbers[1]}),
    ],
    "removeNumberFromMessagingService": [
        Bad(lambda s: {"messagingServiceSid": NOBODY["MG"], "numberSid": s.numbers[0]}),
        Bad(lambda s: {"messagingServiceSid": service(s), "numberSid": s.numbers[0]}),
    ],
    "selectSender": [
        Bad(lambda s: {"messagingServiceSid": service(s), "to": "not a number"}),
        Bad(lambda s: {"messagingServiceSid": NOBODY["MG"], "to": "+12125550123"}),
        Bad(lambda s: {"messagingServiceSid": service(s), "to": "+12125550123"}),
    ],
    "recordNumberActivity": [
        Bad(lambda s: _record()),
        Bad(lambda s: _record(sid=NOBODY["PN"])),
        Bad(lambda s: _record(sid=s.numbers[0], durationSeconds=-1)),
        Bad(lambda s: _record(sid=s.numbers[0], status="DELIVERED")),
        Bad(lambda s: _record(phoneNumber="+1", sid=None)),
    ],
    "recordNumberActivities": [
        Bad(lambda s: {"records": []}),
        Bad(lambda s: {"records": [_record(sid=NOBODY["PN"]), _record()]}),
        Bad(lambda s: {"records": [_record(sid=s.numbers[0])], "idempotencyKey": ""}),
    ],
    "reserveNumbers": [
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]], "ttlMinutes": 31}),
        Bad(lambda s: {"phoneNumbers": []}),
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]], "accountSid": s.stranger}),
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]], "accountSid": s.found["suspended"]}),
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]], "idempotencyKey": ""}),
    ],
    "extendReservation": [
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]], "ttlMinutes": 0}),
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]]}),
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]], "accountSid": s.found["closed"]}),
    ],
    "releaseReservation": [
        Bad(lambda s: {"phoneNumbers": ["x"] * 101}),
        Bad(lambda s: {"phoneNumbers": [FOR_SALE[1]]}),
    ],
    "createHostedNumberOrder": [
        Bad(lambda s: _order_input(s, "not a number")),
        Bad(lambda s: _order_input(s, "+442071838750")),
        Bad(lambda s: _order_input(s, OWNED[0])),
        Bad(lambda s: _order_input(s, HOSTED)),
        Bad(lambda s: _order_input(s, MOBILE)),
        Bad(lambda s: _order_input(s, MESSAGING_ELSEWHERE)),
        Bad(lambda s: _order_input(s, MOBILE, email="nobody")),
        Bad(lambda s: _order_input(s, MOBILE, addressSid=NOBODY["AD"])),
        Bad(lambda s: _order_input(s, MOBILE, friendlyName=TOO_LONG)),
        Bad(lambda s: _order_input(s, MOBILE, statusCallbackUrl="ftp://example.com")),
        Bad(lambda s: _order_input(s, MOBILE, sms={"fallbackUrl": "https://example.com/f"})),
        Bad(lambda s: _order_input(s, MOBILE, sms={"applicationSid": NOBODY["AP"]})),
        Bad(lambda s: _order_input(s, MOBILE, accountSid=s.stranger)),
        Bad(lambda s: _order_input(s, MOBILE, accountSid=s.found["suspended"])),
    ],
    "startHostedNumberVerification": [
        Bad(lambda s: {"sid": "nothing"}),
        Bad(lambda s: {"sid": NOBODY["HR"]}),
        Bad(lambda s: {"sid": s.found["open order"], "callDelay": 61}),
        Bad(lambda s: {"sid": s.found["open order"], "extension": "12a"}),
        Bad(lambda s: {"sid": order(s)}),
    ],
    "confirmHostedNumberVerification": [
        Bad(lambda s: {"sid": NOBODY["HR"], "verificationCode": "123456"}),
        Bad(lambda s: {"sid": order(s), "verificationCode": "123456"}),
        Bad(lambda s: {"sid": s.found["open order"], "verificationCode": "wrong"}),
    ],
    "cancelHostedNumberOrder": [
        Bad(lambda s: {"sid": NOBODY["HR"]}),
        Bad(lambda s: {"sid": order(s)}),
    ],
    "createAuthorizationDocument": [
        Bad(lambda s: _letter(s, [])),
        Bad(lambda s: _letter(s, ["x"])),
        Bad(lambda s: _letter(s, [order(s)])),
        Bad(lambda s: _letter(s, [NOBODY["HR"]])),
        Bad(lambda s: _letter(s, [order(s)], addressSid=NOBODY["AD"])),
        Bad(lambda s: _letter(s, [order(s)], email="x")),
    ],
}
