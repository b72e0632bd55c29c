"""The pieces of the cross-account isolation test: the accounts and their resources (made
through the public API, as a customer would), the generated calls, and what a leak is.

Every root Query and Mutation field is driven from the schema itself: each argument (or input
field, at any depth) whose name is in ``IDENTIFIERS`` gets one call where it carries another
account's identifier while every other identifier carries the caller's own, and required
plain fields get harmless values (``PLAIN``). A root field without any such argument must be
listed in ``NO_FOREIGN_IDENTIFIER`` (why, in a comment), so a new root field cannot arrive
without isolation coverage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)
from graphql.pyutils import Undefined
from sqlalchemy import select

from resolvers.core.tables import catalog_numbers, metadata
from tests.hosted.support import add_lookup
from tests.support.client import Gateway
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.numbers import Caller, Number, add_numbers

MARKER = "secret-of-"  # + the account sid: in every name and label an account gives

# Argument / input field name -> the Resources attribute holding that kind of identifier.
# "sid" depends on the field: SID_KINDS says which kind each field's `sid` names.
IDENTIFIERS = {
    "accountSid": "account",
    "id": "node_ids",
    "phoneNumber": "phone_number",
    "addressSid": "address",
    "emergencyAddressSid": "address",
    "identitySid": "identity",
    "trunkSid": "trunk",
    "applicationSid": "application",
    "messagingServiceSid": "messaging_service",
    "numberSid": "number",
    "nodeSid": "number",
    "hostedNumberOrderSids": "hosted_orders",
    "authorizationDocumentSid": "authorization_document",
    "after": "cursor",
    "before": "cursor",
    "sid": "sid",
}
SID_KINDS = {
    "account": "account",
    "activeNumber": "number",
    "hostedNumberOrder": "hosted_order",
    "numberOrder": "number_order",
    "updateSubaccount": "account",
    "releasePhoneNumber": "number",
    "configurePhoneNumber": "number",
    "transferPhoneNumber": "number",
    "startHostedNumberVerification": "hosted_order",
    "confirmHostedNumberVerification": "hosted_order",
    "cancelHostedNumberOrder": "hosted_order",
    "recordNumberActivity": "number",
    "recordNumberActivities": "number",
}
# Which phone number a field's `phoneNumber` means (default: the other account's number).
PHONE_KINDS = {"restorePhoneNumber": "released_phone", "createHostedNumberOrder": "hosted_phone"}

# Root fields that take no identifier of another account, and why that is safe.
NO_FOREIGN_IDENTIFIER = {
    "viewer",  # always the authenticated account
    "availableCountries",  # the public catalog's countries
    "pricing",  # public prices by country
    "createSubaccount",  # creates a child of the caller, nothing else
}

# Plain values for required non-identifier arguments and input fields, by name.
PLAIN: dict[str, Any] = {
    "friendlyName": "Attacker label",
    "amount": "1.00",
    "isoCountry": "US",
    "customerName": "Mallory",
    "street": "1 Main St",
    "city": "San Francisco",
    "region": "CA",
    "postalCode": "94105",
    "email": "mallory@example.com",
    "callDelay": 0,
    "verificationCode": "000000",
    "to": "+14155559999",
    "search": {"isoCountry": "US"},
    "durationSeconds": 30,
    "occurredAt": T0.isoformat(),
}

# Optional arguments a call needs from the caller's own resources to get as far as the
# identifier check: (field, foreign argument or "*") -> {argument path: Resources attribute}.
OWN_EXTRAS: dict[tuple[str, str], dict[tuple[str, ...], str]] = {
    ("purchasePhoneNumber", "*"): {("input", "phoneNumber"): "available_phone"},
    ("createNumberOrder", "*"): {("input", "phoneNumbers"): "available_phones"},
    ("activeNumber", "accountSid"): {("sid",): "number"},
}

# Codes that count as "refused because the identifier is not yours", besides NOT_FOUND.
ALSO_REFUSED: dict[tuple[str, str], set[str]] = {
    # an application or trunk the account doesn't own is Twilio's 21420, wherever it is named
    ("*", "applicationSid"): {"INVALID_APPLICATION"},
    ("*", "trunkSid"): {"INVALID_APPLICATION"},
    # a number owned by someone else is simply not available
    ("purchasePhoneNumber", "phoneNumber"): {"NUMBER_NOT_AVAILABLE"},
    ("createNumberOrder", "phoneNumbers"): {"NUMBER_NOT_AVAILABLE"},
    # a number can be hosted once, whoever asks (Twilio's 22110), as it is bought once
    ("createHostedNumberOrder", "phoneNumber"): {"HOSTED_NUMBER_ALREADY_HOSTED"},
    # an unrelated transfer target is Twilio's 21471/21473; a subaccount never transfers (21474)
    ("transferPhoneNumber", "accountSid"): {
        "TRANSFER_TARGET_INVALID",
        "TRANSFER_NOT_RELATED",
        "TRANSFER_NOT_PARENT",
    },
    ("transferPhoneNumber", "sid"): {"TRANSFER_NOT_PARENT"},
}
# Arguments that cannot be "not found" but must still never show the other account's data:
# a cursor only positions the caller's own list; lookup describes any phone number publicly.
LEAK_CHECK_ONLY = {("*", "after"), ("*", "before"), ("lookup", "phoneNumber")}


@dataclass
class Resources:
    """One account's identifiers, and every value of it that must not leak."""

    caller: Caller
    account: str
    number: str = ""
    phone_number: str = ""
    released_phone: str = ""
    hosted_phone: str = ""
    available_phone: str = ""  # in the catalog, for sale
    address: str = ""
    identity: str = ""
    trunk: str = ""
    application: str = ""
    messaging_service: str = ""
    hosted_order: str = ""
    authorization_document: str = ""
    transaction: str = ""
    number_order: str = ""
    cursors: dict[str, str] = field(default_factory=dict)

    @property
    def hosted_orders(self) -> list[str]:
        return [self.hosted_order]

    @property
    def available_phones(self) -> list[str]:
        return [self.available_phone]

    @property
    def node_ids(self) -> list[str]:
        return [
            sid
            for sid in (
                self.account,
                self.number,
                self.address,
                self.identity,
                self.trunk,
                self.application,
                self.messaging_service,
                self.hosted_order,
                self.authorization_document,
                self.transaction,
                self.number_order,
            )
            if sid
        ]

    def secrets(self) -> set[str]:
        values = {*self.node_ids, self.phone_number, self.released_phone, MARKER + self.account}
        values.update(self.cursors.values())
        return {value for value in values if value}


async def api(gateway: Gateway, caller: Caller, mutation: str, **input_: Any) -> dict[str, Any]:
    """The payload's one object (``{ sid }``) of an accepted mutation, as ``caller``."""
    schema_type = mutation[0].upper() + mutation[1:]
    body = await gateway.post(
        f"mutation ($input: {schema_type}Input!) {{ {mutation}(input: $input) "
        f"{{ __typename {PAYLOAD_OBJECTS[mutation]} {{ sid }} userErrors {{ code message }} }} }}",
        {"input": input_},
        auth=caller.auth,
    )
    payload: dict[str, Any] = body.json()["data"][mutation]
    assert payload["userErrors"] == [], (mutation, payload)
    found: dict[str, Any] = payload[PAYLOAD_OBJECTS[mutation]]
    return found


PAYLOAD_OBJECTS = {
    "createAddress": "address",
    "createApplication": "application",
    "createTrunk": "trunk",
    "createIdentityDocument": "identityDocument",
    "createMessagingService": "messagingService",
    "releasePhoneNumber": "releasedNumber",
    "createHostedNumberOrder": "hostedNumberOrder",
    "createAuthorizationDocument": "authorizationDocument",
    "addFunds": "transaction",
    "createNumberOrder": "order",
}


async def provision(gateway: Gateway, caller: Caller, area: str) -> Resources:
    """Resources of every kind for ``caller`` (phone numbers in area code ``area``)."""
    own = Resources(caller, caller.sid)
    label = MARKER + caller.sid
    phones = [f"+1{area}555{n:04d}" for n in (10, 11)]
    numbers = [Number(p, owned={"friendly_name": f"{label} number"}) for p in phones]
    own.number, released = await add_numbers(gateway.engine, caller.sid, numbers)
    own.phone_number, own.released_phone = phones
    await api(gateway, caller, "releasePhoneNumber", sid=released)
    address = {
        "customerName": f"{label} customer",
        "street": "2 Secret Way",
        "city": "San Francisco",
        "region": "CA",
        "postalCode": "94105",
        "isoCountry": "US",
        "friendlyName": f"{label} address",
    }
    own.address = (await api(gateway, caller, "createAddress", **address))["sid"]
    for kind, mutation in (
        ("application", "createApplication"),
        ("trunk", "createTrunk"),
        ("identity", "createIdentityDocument"),
        ("messaging_service", "createMessagingService"),
    ):
        created = await api(gateway, caller, mutation, friendlyName=f"{label} {kind}")
        setattr(own, kind, created["sid"])
    own.transaction = (await api(gateway, caller, "addFunds", amount="2.00"))["sid"]
    own.available_phone = f"+1{area}555{30:04d}"
    ordered = f"+1{area}555{31:04d}"
    await add_catalog(gateway.engine, [catalog_row(own.available_phone), catalog_row(ordered)])
    order_input = {"phoneNumbers": [ordered], "idempotencyKey": f"order-{area}"}
    own.number_order = (await api(gateway, caller, "createNumberOrder", **order_input))["sid"]
    own.hosted_phone = f"+1{area}555{20:04d}"
    await add_lookup(gateway, own.hosted_phone, verified_for=caller.sid)  # straight to LoA
    order = await api(
        gateway,
        caller,
        "createHostedNumberOrder",
        phoneNumber=own.hosted_phone,
        addressSid=own.address,
        email="owner@example.com",
        friendlyName=f"{label} order",
    )
    own.hosted_order = order["sid"]
    document = await api(
        gateway,
        caller,
        "createAuthorizationDocument",
        hostedNumberOrderSids=[own.hosted_order],
        addressSid=own.address,
        email="owner@example.com",
    )
    own.authorization_document = document["sid"]
    return own


# -- generating the calls --------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    root: str  # "query" | "mutation"
    field: str
    path: tuple[str, ...]  # where the foreign identifier goes (argument, input fields …)
    text: str
    variables: dict[str, Any]

    @property
    def leaf(self) -> str:
        return self.path[-1]


def identifier_paths(
    schema: GraphQLSchema, field: GraphQLField
) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, argument name) of every identifier argument or input field of a root field."""
    for name, argument in field.args.items():
        yield from _paths((name,), name, argument.type, 0)


def _paths(
    path: tuple[str, ...], name: str, type_: GraphQLInputType, depth: int
) -> Iterator[tuple[tuple[str, ...], str]]:
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType) and depth < 3:
        for child, child_field in named.fields.items():
            yield from _paths((*path, child), child, child_field.type, depth + 1)
    elif name in IDENTIFIERS:
        yield path, name


def value_for(field_name: str, name: str, type_: GraphQLInputType, owner: Resources) -> Any:
    """An identifier of ``owner`` for argument/input field ``name`` of root ``field_name``."""
    kind = IDENTIFIERS[name]
    if kind == "sid":
        assert field_name in SID_KINDS, f"say which kind of sid {field_name}(sid:) takes"
        kind = SID_KINDS[field_name]
    if kind == "phone_number":
        kind = PHONE_KINDS.get(field_name, kind)
    if kind == "cursor":
        return owner.cursors.get(field_name)
    value = getattr(owner, kind)
    if isinstance(value, list) and not _is_list(type_):
        return value[0]
    return value


def _is_list(type_: GraphQLInputType) -> bool:
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    return isinstance(inner, GraphQLList)


def plain_value(name: str, type_: GraphQLInputType) -> Any:
    if name in PLAIN:
        return PLAIN[name]
    named = get_named_type(type_)
    if isinstance(named, GraphQLEnumType):
        value: Any = next(iter(named.values))
    elif isinstance(named, GraphQLScalarType):
        value = {"Int": 1, "Float": 1.0, "Boolean": False, "Decimal": "1.00"}.get(named.name, "x")
        if named.name == "DateTime":
            value = T0.isoformat()
    else:
        raise AssertionError(f"no plain value for {name}: {type_}")
    return [value] if _is_list(type_) else value


def build_input(
    field_name: str,
    type_: GraphQLInputType,
    prefix: tuple[str, ...],
    target: tuple[str, ...],
    own: Resources,
    foreign: Any,
) -> Any:
    """A value for an input object: required fields filled, identifiers the caller's own,
    the field at ``target`` the foreign value."""
    named = get_named_type(type_)
    assert isinstance(named, GraphQLInputObjectType)
    built: dict[str, Any] = {}
    for name, child in named.fields.items():
        path = (*prefix, name)
        on_target = target[: len(path)] == path
        if path == target:
            built[name] = foreign
        elif isinstance(get_named_type(child.type), GraphQLInputObjectType):
            if on_target or isinstance(child.type, GraphQLNonNull):
                built[name] = build_input(field_name, child.type, path, target, own, foreign)
        elif name in IDENTIFIERS and isinstance(child.type, GraphQLNonNull):
            built[name] = value_for(field_name, name, child.type, own)
        elif isinstance(child.type, GraphQLNonNull) and child.default_value is Undefined:
            built[name] = plain_value(name, child.type)
    return [built] if _is_list(type_) else built


def attacks(schema: GraphQLSchema, own: Resources, victim: Resources) -> Iterator[Attack]:
    for root, root_type in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root_type is not None
        for field_name, root_field in root_type.fields.items():
            paths = list(identifier_paths(schema, root_field))
            if not paths:
                assert field_name in NO_FOREIGN_IDENTIFIER, (
                    f"{root} field {field_name} takes no identifier this test knows: add its "
                    "identifier arguments to IDENTIFIERS, or list it in NO_FOREIGN_IDENTIFIER"
                )
            for path, name in paths:
                argument_type = _type_at(root_field, path)
                foreign_values = value_for(field_name, name, argument_type, victim)
                if name == "id":  # node(id:): every kind of node of the other account
                    for node_id in foreign_values:
                        yield _attack(root, field_name, root_field, path, node_id, own)
                    continue
                yield _attack(root, field_name, root_field, path, foreign_values, own)


def _type_at(field: GraphQLField, path: tuple[str, ...]) -> GraphQLInputType:
    type_: GraphQLInputType = field.args[path[0]].type
    for name in path[1:]:
        named = get_named_type(type_)
        assert isinstance(named, GraphQLInputObjectType)
        type_ = named.fields[name].type
    return type_


def _attack(
    root: str,
    field_name: str,
    field: GraphQLField,
    path: tuple[str, ...],
    foreign: Any,
    own: Resources,
) -> Attack:
    arguments: dict[str, Any] = {}
    for name, argument in field.args.items():
        if name == path[0] and len(path) == 1:
            arguments[name] = foreign
        elif isinstance(get_named_type(argument.type), GraphQLInputObjectType):
            if name == path[0] or isinstance(argument.type, GraphQLNonNull):
                if name in PLAIN and name != path[0]:
                    arguments[name] = PLAIN[name]
                else:
                    arguments[name] = build_input(
                        field_name, argument.type, (), path[1:], own, foreign
                    )
        elif isinstance(argument.type, GraphQLNonNull):
            if name in IDENTIFIERS:
                arguments[name] = value_for(field_name, name, argument.type, own)
            else:
                arguments[name] = plain_value(name, argument.type)
    extras = {**OWN_EXTRAS.get((field_name, "*"), {}), **OWN_EXTRAS.get((field_name, path[-1]), {})}
    for extra_path, attribute in extras.items():
        if extra_path != path:
            place = arguments
            for step in extra_path[:-1]:
                place = place.setdefault(step, {})
            place[extra_path[-1]] = getattr(own, attribute)
    definitions = ", ".join(f"${name}: {field.args[name].type}" for name in arguments)
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    call = f"{field_name}({passed})" if arguments else field_name
    selection = selection_for(field.type)
    header = f"{root} ({definitions})" if definitions else root
    return Attack(root, field_name, path, f"{header} {{ {call} {selection} }}", arguments)


def selection_for(type_: GraphQLOutputType, depth: int = 0) -> str:
    """Every argument-free field to depth 3 (enough to show any leaked value)."""
    named = get_named_type(type_)
    if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
        return "{ __typename ... on Node { id } }"
    if not isinstance(named, GraphQLObjectType):
        return ""
    parts = ["__typename"]
    for name, child in named.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in child.args.values()):
            continue
        child_named = get_named_type(child.type)
        if isinstance(child_named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            if depth < 3:
                parts.append(f"{name} {selection_for(child.type, depth + 1)}")
        else:
            parts.append(name)
    return "{ " + " ".join(parts) + " }"


# -- what the other account has --------------------------------------------------------------


async def snapshot(gateway: Gateway, victim: Resources) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that belongs to (or names) the victim, table by table."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    phones = [victim.phone_number, victim.released_phone, victim.hosted_phone]
    async with gateway.engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = table.c
            if "account_sid" in columns:
                where = columns.account_sid == victim.account
            elif table.name == "accounts":
                where = columns.sid == victim.account
            elif table is catalog_numbers:
                where = columns.phone_number.in_(phones)
            else:
                continue
            found = (await conn.execute(select(table).where(where))).all()
            rows[table.name] = sorted((tuple(row) for row in found), key=repr)
    return rows
