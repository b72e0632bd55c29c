"""Generated differential: random sub-selections of the ActiveNumber tree (random subsets of
fields at each level, aliases, @include/@skip with variables, inline fragments, __typename)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, get_named_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.compiled.conftest import Seeded
from tests.compiled.support import shared_schema

DIRECTIVES = ("", "@include(if: $a)", "@skip(if: $a)", "@include(if: $b)", "@skip(if: $b)")


def _object(type_name: str) -> GraphQLObjectType:
    found = shared_schema()._schema.get_type(type_name)
    assert isinstance(found, GraphQLObjectType)
    return found


@st.composite
def selections(draw: st.DrawFn, type_name: str, depth: int = 0) -> str:
    type_ = _object(type_name)
    names = sorted(type_.fields)
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
    parts: list[str] = []
    for index, name in enumerate(chosen):
        child = get_named_type(type_.fields[name].type)
        sub = ""
        if isinstance(child, GraphQLObjectType):
            sub = "{ " + draw(selections(child.name, depth + 1)) + " }"
        alias = f"x{depth}_{index}: " if draw(st.booleans()) else ""
        directive = draw(st.sampled_from(DIRECTIVES))
        part = f"{alias}{name} {directive} {sub}"
        if draw(st.integers(0, 5)) == 0:
            part = f"... on {type_name} {draw(st.sampled_from(DIRECTIVES))} {{ {part} }}"
        parts.append(part)
    if draw(st.integers(0, 3)) == 0:
        parts.insert(draw(st.integers(0, len(parts))), "__typename")
    return " ".join(parts)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    node = draw(selections("ActiveNumber"))
    first = draw(st.integers(1, 12))
    switches = {name: draw(st.booleans()) for name in ("a", "b") if f"${name}" in node}
    definitions = "".join(f"${name}: Boolean!, " for name in switches)
    query = (
        f"query G({definitions}$first: Int) "
        "{ activeNumbers(first: $first) { nodes { " + node + " } } }"
    )
    return query, {**switches, "first": first}


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=documents())
async def test_random_selections(seeded: Seeded, document: tuple[str, dict[str, Any]]) -> None:
    query, variables = document
    await seeded.both.same(query, variables)
