"""Error codes per mutation (issue #11, part 6, as Saleor does): each mutation's use-case
declares the codes it may return, its payload's description lists them, and the mutation never
returns another.

Undeclared codes are also caught wherever a test runs a mutation (the fuzz and the books state
machine included): the use-case kernel logs them and tests/conftest.py fails such a test.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, get_named_type

from resolvers.core.usecases import UseCase
from resolvers.mutations import USE_CASES
from schema.build import build_schema
from tests.schema.bad_mutation_inputs import BAD_INPUTS, prepare
from tests.support.client import Gateway
from tests.support.every_mutation import DOCUMENTS, new_scene, successful_calls

DECLARED = {use_case.mutation: use_case for use_case in USE_CASES}


def _payloads() -> dict[str, GraphQLObjectType]:
    mutation_type = build_schema()._schema.mutation_type
    assert mutation_type is not None
    payloads = {}
    for name, field in mutation_type.fields.items():
        payload = get_named_type(field.type)
        assert isinstance(payload, GraphQLObjectType), name
        payloads[name] = payload
    return payloads


def _listed_codes(description: str, mutation: str) -> list[str]:
    """The codes a payload's description ends with, for ``mutation``."""
    listed = description.rsplit("Error codes (userErrors.code)", 1)[1].removesuffix(".")
    if listed.startswith(" by mutation: "):
        parts = dict(part.split(": ") for part in listed.removeprefix(" by mutation: ").split("; "))
        listed = parts[mutation]
    return listed.removeprefix(": ").split(", ")


def test_every_mutation_has_one_use_case_declaration() -> None:
    payloads = _payloads()
    assert len(DECLARED) == len(USE_CASES), "two use-cases declare one mutation"
    assert sorted(DECLARED) == sorted(payloads), "a mutation without a use-case declaration"
    assert sorted(BAD_INPUTS) == sorted(payloads), "a mutation without bad input to try"
    assert sorted(DOCUMENTS) == sorted(payloads)
    assert sorted(name for name, _ in successful_calls()) == sorted(payloads)


def test_each_payload_description_ends_with_the_codes_of_its_mutations() -> None:
    for name, payload in _payloads().items():
        description = payload.description or ""
        assert description.endswith("."), (name, description)
        assert _listed_codes(description, name) == list(DECLARED[name].error_codes), name


def _returned_codes(payload: dict[str, Any]) -> list[str]:
    codes = [error["code"] for error in payload["userErrors"]]
    return codes + [record["code"] for record in payload.get("rejected") or []]


async def test_bad_input_gets_only_declared_codes(gateway: Gateway) -> None:
    scene = await new_scene(gateway)
    for _, step in successful_calls():
        await step(scene)
    await prepare(scene)
    problems, seen = [], set()
    for name, inputs in BAD_INPUTS.items():
        use_case: UseCase[Any] = DECLARED[name]
        for bad in inputs:
            input_ = bad.input(scene)
            payload = await scene.call(name, input_, scene.child if bad.as_child else None)
            codes = _returned_codes(payload)
            seen |= set(codes)
            if not codes:
                problems.append(f"{name} accepted {input_}")
            if undeclared := set(codes) - set(use_case.error_codes):
                problems.append(f"{name} returned undeclared {sorted(undeclared)} for {input_}")
    assert not problems, "\n".join(problems)
    # the table reaches far: most codes of the API come back from it
    assert len(seen) >= 30, sorted(seen)
