"""Leaf values: an inline fast test for the common Python type, the schema's coercion otherwise.

Every leaf the plan writes goes either through the fast path (a value whose coercion is known:
a ``str`` for String/ID, a ``bool`` for Boolean, a 32-bit ``int`` for Int, a ``Decimal`` or a
``datetime`` for the Strawberry scalars, an enum value already coerced once) or through the very
``coerce_output_value`` graphql-core calls, so the two paths cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLEnumType, GraphQLError, GraphQLLeafType, Undefined

from schema.compiled.names import Namespace


class Fallback(Exception):
    """The plan met something only the standard executor can answer (e.g. a null where the
    schema says non-null)."""


class Ineligible(Exception):
    """The document needs the standard executor (raised while a plan is compiled)."""


def fail() -> Any:
    raise Fallback


def slow_coercion(
    leaf: GraphQLLeafType, nullable: bool, memo: dict[Any, Any] | None
) -> Callable[[Any], Any]:
    """graphql-core's own coercion of one leaf value, with the null rule of its position."""

    def coerce(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise Fallback
        try:
            result = leaf.coerce_output_value(value)
        except (GraphQLError, ValueError, TypeError, AttributeError) as error:
            raise Fallback from error
        if result is None or result is Undefined:
            raise Fallback
        if memo is not None:
            memo[value] = result
        return result

    return coerce


_SIMPLE_TESTS = {
    "String": "type({v}) is str",
    "ID": "type({v}) is str",
    "Boolean": "type({v}) is bool",
    "Int": "type({v}) is int and -2147483648 <= {v} <= 2147483647",
}

_PROBE_TIME = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
# Strawberry's serializers for these scalars, checked against the schema before use.
_CONVERTING: dict[str, tuple[type, str, Any, Any]] = {
    "Decimal": (Decimal, "str({v})", Decimal("1.10"), "1.10"),
    "DateTime": (datetime, "{v}.isoformat()", _PROBE_TIME, _PROBE_TIME.isoformat()),
}


def leaf_expression(leaf: GraphQLLeafType, nullable: bool, var: str, ns: Namespace) -> str:
    """An expression over the already-bound local ``var`` giving the response value."""
    expression = _leaf_expression(leaf, nullable, var, ns)
    return f"(None if {var} is None else {expression})" if nullable else expression


def _leaf_expression(leaf: GraphQLLeafType, nullable: bool, var: str, ns: Namespace) -> str:
    if isinstance(leaf, GraphQLEnumType):
        memo: dict[Any, Any] = {}
        table = ns.add(memo)
        slow = ns.add(slow_coercion(leaf, nullable, memo))
        return f"({table}[{var}] if {var} in {table} else {slow}({var}))"
    slow = ns.add(slow_coercion(leaf, nullable, None))
    if leaf.name == "Float":  # graphql-core returns a finite float as it is
        finite = ns.add(math.isfinite)
        return f"({var} if type({var}) is float and {finite}({var}) else {slow}({var}))"
    test = _SIMPLE_TESTS.get(leaf.name)
    if test is not None:
        return f"({var} if {test.format(v=var)} else {slow}({var}))"
    converting = _CONVERTING.get(leaf.name)
    if converting is not None and _agrees(leaf, converting[2], converting[3]):
        python_type, template, _, _ = converting
        type_name = ns.add(python_type)
        return f"({template.format(v=var)} if type({var}) is {type_name} else {slow}({var}))"
    return f"{slow}({var})"


def _agrees(leaf: GraphQLLeafType, sample: Any, expected: Any) -> bool:
    try:
        return bool(leaf.coerce_output_value(sample) == expected)
    except Exception:
        return False
