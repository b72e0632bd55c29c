"""A subaccount (or any account) never reads or changes another account's data through any
root field, node id, cursor or mutation: every root field of the schema is called with the
other account's identifiers (see ``isolation``) and must refuse, show nothing of it, and change
nothing of it. A parent attacks a stranger's subaccount; a subaccount attacks its parent."""

from __future__ import annotations

from typing import Any

import orjson

from gateway.app import shared_schema
from tests.security.isolation import (
    ALSO_REFUSED,
    LEAK_CHECK_ONLY,
    Attack,
    Resources,
    attacks,
    plain_value,
    provision,
    snapshot,
)
from tests.support.client import Gateway
from tests.support.factories import add_account
from tests.support.numbers import Caller, new_caller


async def cursors_of(gateway: Gateway, resources: Resources) -> dict[str, str]:
    """The end cursor of the first page of every connection root field, as its owner."""
    schema = shared_schema()._schema
    assert schema.query_type is not None
    cursors: dict[str, str] = {}
    for name, field in schema.query_type.fields.items():
        if "after" not in field.args:
            continue
        required = {
            arg: plain_value(arg, spec.type)
            for arg, spec in field.args.items()
            if str(spec.type).endswith("!")
        }
        definitions = "".join(f", ${arg}: {field.args[arg].type}" for arg in required)
        passed = "".join(f", {arg}: ${arg}" for arg in required)
        text = (
            f"query ($first: Int{definitions}) "
            f"{{ {name}(first: $first{passed}) {{ pageInfo {{ endCursor }} }} }}"
        )
        body = (
            await gateway.post(text, {"first": 1, **required}, auth=resources.caller.auth)
        ).json()
        assert "errors" not in body, (name, body)
        cursor = body["data"][name]["pageInfo"]["endCursor"]
        if cursor is not None:
            cursors[name] = cursor
    return cursors


def problems(
    attack: Attack, victim: Resources, status: int, body: dict[str, Any], text: str
) -> list[str]:
    found: list[str] = []
    sent = orjson.dumps(attack.variables).decode()
    leaked = sorted(secret for secret in victim.secrets() if secret in text and secret not in sent)
    if leaked:
        found.append(f"shows {leaked}")
    if status not in (200, 400):
        found.append(f"HTTP {status}")
    if (attack.field, attack.leaf) in LEAK_CHECK_ONLY or ("*", attack.leaf) in LEAK_CHECK_ONLY:
        return found
    allowed = (
        {"NOT_FOUND"}
        | ALSO_REFUSED.get((attack.field, attack.leaf), set())
        | ALSO_REFUSED.get(("*", attack.leaf), set())
    )
    if attack.root == "mutation":
        payload = (body.get("data") or {}).get(attack.field) or {}
        errors = [v for v in payload.values() if _is_error_list(v)]  # userErrors, rejected …
        codes = {error["code"] for listed in errors for error in listed}
        if not codes & allowed:
            found.append(f"errors {errors} (expected one of {allowed})")
        others = {
            key: value
            for key, value in payload.items()
            if key != "__typename" and not _is_error_list(value) and value not in (None, 0)
        }
        if others:
            found.append(f"returned {others}")
        return found
    codes = {(error.get("extensions") or {}).get("code") for error in body.get("errors") or []}
    value = (body.get("data") or {}).get(attack.field)
    if codes & allowed or value is None or value == []:
        return found
    if isinstance(value, dict) and not value.get("nodes") and not value.get("edges"):
        return found
    found.append(f"answered {str(value)[:300]}")
    return found


def _is_error_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "code" in v for v in value)


async def attack_all(gateway: Gateway, attacker: Resources, victim: Resources) -> list[str]:
    failures: list[str] = []
    count = 0
    for attack in attacks(shared_schema()._schema, attacker, victim):
        count += 1
        response = await gateway.post(attack.text, attack.variables, auth=attacker.caller.auth)
        body = response.json()
        for problem in problems(attack, victim, response.status_code, body, response.text):
            failures.append(f"{attack.field} {'.'.join(attack.path)}: {problem}")
    assert count > 50, count  # every root field was driven
    return failures


async def test_no_root_field_reaches_another_accounts_data(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine, name="Parent")
    child_account = await add_account(gateway.engine, parent_sid=parent.sid, name="Child")
    stranger = await new_caller(gateway.engine, name="Stranger")
    stranger_child = await add_account(
        gateway.engine, parent_sid=stranger.sid, name="Stranger child"
    )
    own_parent = await provision(gateway, parent, "415")
    own_child = await provision(gateway, Caller(child_account.sid, child_account.token), "212")
    victim = await provision(gateway, Caller(stranger_child.sid, stranger_child.token), "646")
    for resources in (own_parent, own_child, victim):
        resources.cursors = await cursors_of(gateway, resources)
    before = [await snapshot(gateway, victim), await snapshot(gateway, own_parent)]

    failures = [
        *(
            f"parent → stranger's subaccount: {f}"
            for f in await attack_all(gateway, own_parent, victim)
        ),
        *(
            f"subaccount → its parent: {f}"
            for f in await attack_all(gateway, own_child, own_parent)
        ),
    ]

    assert not failures, "\n".join(failures)
    assert [await snapshot(gateway, victim), await snapshot(gateway, own_parent)] == before
