"""What the compiled path declines (the standard executor serves it), and the null rule.

A resolver's error is no longer declined: the compiled path answers it (``test_errors``).
Declining reads nothing, so the account of ``Seeded`` is seeded once per backend for the module."""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio
from graphql import OperationDefinitionNode, parse
from graphql.execution import VariableValues

from schema.compiled.leaves import Fallback
from schema.compiled.plan import compile_plan
from tests.compiled.conftest import Seeded, seed
from tests.compiled.support import shared_schema
from tests.support.client import Gateway

DECLINED: dict[str, tuple[str, dict[str, Any]]] = {
    "transactions": ("{ viewer { sid transactions { totalCount } } }", {}),
    "subaccounts": ("{ viewer { subaccounts { sid } } }", {}),
    "a field with its own resolver": ("{ numberEvents { nodes { node { id } } } }", {}),
    "mutation": ('mutation { addFunds(amount: "1.00") { __typename } }', {}),
    "introspection": ("{ __schema { queryType { name } } }", {}),
    "__type": ('{ __type(name: "Account") { name } }', {}),
    "syntax error": ("{ viewer { sid ", {}),
    "validation error": ("{ viewer { nope } }", {}),
    "bad variables": ("query Q($n: Int) { activeNumbers(first: $n) { totalCount } }", {"n": "x"}),
    "ambiguous operation": ("query A { viewer { sid } } query B { viewer { id } }", {}),
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def seeded(module_gateway: Gateway) -> Seeded:
    return await seed(module_gateway)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("name", DECLINED)
async def test_declined(seeded: Seeded, name: str) -> None:
    query, variables = DECLINED[name]
    assert await seeded.both.compiled_json(query, variables) is None


def test_null_in_a_non_null_position_falls_back() -> None:
    graphql_schema = shared_schema()._schema
    document = parse("{ viewer { sid balance { amount } } }")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    plan = compile_plan(graphql_schema, {}, operation, VariableValues({}, {}))
    assert plan is not None
    with pytest.raises(Fallback):
        plan.write({"viewer": {"sid": "AC1", "balance": {"amount": None}}})
    with pytest.raises(Fallback):
        plan.write({"viewer": {"sid": "AC1", "balance": None}})
    with pytest.raises(Fallback):
        plan.write({"viewer": None})
    written = plan.write({"viewer": {"sid": "AC1", "balance": {"amount": "1.00"}}})
    assert written == {"viewer": {"sid": "AC1", "balance": {"amount": "1.00"}}}
