"""Every mutation of the API in one place: its document, and a scene it can act on.

``DOCUMENTS`` holds one document per mutation (the full payload the feature tests select).
``Scene`` is a parent account with a subaccount, numbers, an address and a hosted-number
lookup row (and an unrelated account); ``successful_calls`` is an order in which every
mutation succeeds once on it.
Statement counts and the error-code contract (tests/schema) drive the API through these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tests.activity.support import FEED, RECORD
from tests.hosted import support as hosted
from tests.messaging import pools
from tests.orders.support import ORDER
from tests.reservations import support as reservations
from tests.support import mutations
from tests.support.client import Gateway
from tests.support.factories import add_account, add_address, add_catalog, catalog_row
from tests.support.numbers import Caller, add_number
from tests.support.provisioning import PURCHASE, RELEASE, RESTORE, TRANSFER


def _text(name: str, input_type: str, fields: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ {fields} {mutations.USER_ERRORS} }} }}"
    )


DOCUMENTS: dict[str, str] = {
    "purchasePhoneNumber": PURCHASE,
    "createNumberOrder": ORDER,
    "releasePhoneNumber": RELEASE,
    "restorePhoneNumber": RESTORE,
    "transferPhoneNumber": TRANSFER,
    "recordNumberActivity": RECORD,
    "recordNumberActivities": FEED,
    "reserveNumbers": reservations.RESERVE,
    "extendReservation": reservations.EXTEND,
    "releaseReservation": reservations.RELEASE,
    **{name: mutations.mutation_text(name) for name in mutations.MUTATIONS},
    **{name: _text(name, *spec) for name, spec in hosted.MUTATIONS.items()},
    **{name: _text(name, *spec) for name, spec in pools.MUTATIONS.items()},
}

FOR_SALE = ["+16282000001", "+16282000002"]
OWNED = ["+16282000011", "+16282000012"]
ORDERED = ["+16282000021", "+16282000022"]
HOSTED = hosted.LANDLINE


@dataclass
class Scene:
    """What the mutations act on; ``found`` collects sids the calls return."""

    gateway: Gateway
    parent: Caller
    child: Caller
    stranger: str  # an account unrelated to the parent
    numbers: list[str]  # the parent's numbers in use (PN sids), OWNED in order
    address: str  # the parent's address
    found: dict[str, str]

    async def call(self, name: str, input_: dict[str, Any], caller: Caller | None = None) -> Any:
        """The payload of mutation ``name`` (as the parent unless ``caller`` is given)."""
        who = caller or self.parent
        data = await self.gateway.gql(DOCUMENTS[name], {"input": input_}, auth=who.auth)
        return data[name]


async def new_scene(gateway: Gateway) -> Scene:
    engine = gateway.engine
    parent = await add_account(engine, balance_minor=100_000)
    child = await add_account(engine, parent_sid=parent.sid, balance_minor=5_000)
    stranger = await add_account(engine, name="Stranger")
    await add_catalog(engine, [catalog_row(phone) for phone in [*FOR_SALE, *ORDERED]])
    numbers = [await add_number(engine, parent.sid, phone) for phone in OWNED]
    address = await add_address(engine, parent.sid)
    await hosted.add_lookup(gateway, HOSTED)
    return Scene(
        gateway,
        Caller(parent.sid, parent.token),
        Caller(child.sid, child.token),
        stranger.sid,
        numbers,
        address,
        {},
    )


Step = tuple[str, Callable[[Scene], Awaitable[Any]]]  # (mutation name, the call)


def _step(name: str, build: Callable[[Scene], dict[str, Any]], keep: str | None = None) -> Step:
    async def step(scene: Scene) -> Any:
        payload = await scene.call(name, build(scene))
        assert payload["userErrors"] == [], (name, payload["userErrors"])
        if keep is not None:
            scene.found[name] = _sid_at(payload, keep)
        return payload

    return name, step


def _sid_at(payload: dict[str, Any], path: str) -> str:
    value: Any = payload
    for part in path.split("."):
        value = value[part]
    return str(value)


def _record(scene: Scene) -> dict[str, Any]:
    return {"sid": scene.numbers[0], "kind": "CALL", "direction": "INBOUND", "status": "COMPLETED"}


def _code(scene: Scene) -> dict[str, Any]:
    return {"sid": scene.found["createHostedNumberOrder"], "verificationCode": scene.found["code"]}


async def _start_verification(scene: Scene) -> Any:
    sid = scene.found["createHostedNumberOrder"]
    payload = await scene.call("startHostedNumberVerification", {"sid": sid})
    assert payload["userErrors"] == [], payload["userErrors"]
    scene.found["code"] = payload["hostedNumberOrder"]["verificationCall"]["code"]
    return payload


def order(scene: Scene) -> str:
    return scene.found["createHostedNumberOrder"]


def service(scene: Scene) -> str:
    return scene.found["createMessagingService"]


def successful_calls() -> list[Step]:
    """Each mutation once, in an order where each one succeeds (purchase before transfer,
    release before restore, the hosted order through verification to its letter)."""
    return [
        _step("createSubaccount", lambda s: {"friendlyName": "Second child"}),
        _step("updateSubaccount", lambda s: {"sid": s.child.sid, "friendlyName": "Renamed"}),
        _step("addFunds", lambda s: {"amount": "10.00", "idempotencyKey": "top-up-1"}),
        _step(
            "createAddress",
            lambda s: {
                "customerName": "Acme",
                "street": "2 Market St",
                "city": "San Francisco",
                "region": "CA",
                "postalCode": "94105",
                "isoCountry": "US",
            },
        ),
        _step("createApplication", lambda s: {"friendlyName": "IVR"}),
        _step("createTrunk", lambda s: {"friendlyName": "PBX"}),
        _step("createIdentityDocument", lambda s: {"friendlyName": "Passport"}),
        _step(
            "purchasePhoneNumber",
            lambda s: {"phoneNumber": FOR_SALE[0], "idempotencyKey": "buy-1"},
            keep="activeNumber.sid",
        ),
        _step(
            "createNumberOrder",
            lambda s: {"phoneNumbers": ORDERED, "idempotencyKey": "order-1"},
        ),
        _step(
            "configurePhoneNumber",
            lambda s: {
                "sid": s.numbers[0],
                "friendlyName": "Front desk",
                "voice": {"url": "https://example.com/voice"},
            },
        ),
        _step(
            "transferPhoneNumber",
            lambda s: {"sid": s.found["purchasePhoneNumber"], "accountSid": s.child.sid},
        ),
        _step(
            "createMessagingService",
            lambda s: {"friendlyName": "Alerts"},
            keep="messagingService.sid",
        ),
        _step(
            "addNumberToMessagingService",
            lambda s: {"messagingServiceSid": service(s), "numberSid": s.numbers[1]},
        ),
        _step("selectSender", lambda s: {"messagingServiceSid": service(s), "to": "+12125550123"}),
        _step(
            "removeNumberFromMessagingService",
            lambda s: {"messagingServiceSid": service(s), "numberSid": s.numbers[1]},
        ),
        _step(
            "reserveNumbers",
            lambda s: {"phoneNumbers": [FOR_SALE[1]], "ttlMinutes": 5, "idempotencyKey": "hold-1"},
        ),
        _step("extendReservation", lambda s: {"phoneNumbers": [FOR_SALE[1]], "ttlMinutes": 30}),
        _step("releaseReservation", lambda s: {"phoneNumbers": [FOR_SALE[1]]}),
        _step("recordNumberActivity", _record),
        _step("recordNumberActivities", lambda s: {"records": [_record(s), _record(s)]}),
        _step("releasePhoneNumber", lambda s: {"sid": s.numbers[0], "idempotencyKey": "rel-1"}),
        _step("restorePhoneNumber", lambda s: {"phoneNumber": OWNED[0], "idempotencyKey": "res-1"}),
        _step(
            "createHostedNumberOrder",
            lambda s: {"phoneNumber": HOSTED, "addressSid": s.address, "email": "a@example.com"},
            keep="hostedNumberOrder.sid",
        ),
        ("startHostedNumberVerification", _start_verification),
        _step("confirmHostedNumberVerification", _code),
        _step(
            "createAuthorizationDocument",
            lambda s: {
                "hostedNumberOrderSids": [order(s)],
                "addressSid": s.address,
                "email": "a@example.com",
            },
        ),
        _step("cancelHostedNumberOrder", lambda s: {"sid": order(s)}),
    ]
