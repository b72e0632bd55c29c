"""The schema and the resolvers say each thing once: inputs match the dataclasses they become,
and every GraphQL enum is a resolvers enum whose values are the names the tables store.

``schema_mismatches`` walks a whole schema; the tests after the first show that it, and
``to_plain`` at run time, catch what they are for: a filter added to an input but not to its
dataclass, a required dataclass field no input fills, an enum defined only in the schema.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import pytest
import strawberry
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.enum import StrawberryEnumDefinition

import schema.enums
from resolvers.active_numbers import filters
from schema.build import build_schema
from schema.convert import to_plain
from schema.inputs.reads import ActiveNumberFilter
from schema.plain_targets import conversion_problems, converts_to, plain_target

SCHEMA_DIR = Path(__file__).parents[2] / "schema"


def schema_mismatches(schema: strawberry.Schema) -> list[str]:
    """Every input whose declared dataclass does not match it, and every enum that is not a
    resolvers enum stored under its own names, in ``schema``."""
    problems: list[str] = []
    for concrete in schema.schema_converter.type_map.values():
        definition = concrete.definition
        if isinstance(definition, StrawberryObjectDefinition) and definition.is_input:
            input_type: type = definition.origin
            if plain_target(input_type) is not None:
                problems += conversion_problems(input_type)
        elif isinstance(definition, StrawberryEnumDefinition):
            problems += _enum_problems(definition)
    return problems


def _enum_problems(definition: StrawberryEnumDefinition) -> list[str]:
    cls: Any = definition.wrapped_cls
    name = definition.name
    problems = []
    if not cls.__module__.startswith("resolvers."):
        problems.append(f"enum {name} is defined in {cls.__module__}, not in resolvers/")
    if not issubclass(cls, StrEnum):
        problems.append(f"enum {name} is no StrEnum: its members are not the stored strings")
    if [value.name for value in definition.values] != [member.name for member in cls]:
        problems.append(f"enum {name} lists other values than {cls.__qualname__}")
    problems += [
        f"{name}.{member.name} is stored as {member.value!r}, not as its name"
        for member in cls
        if member.value != member.name
    ]
    return problems


def test_the_schema_has_no_mismatch() -> None:
    assert schema_mismatches(build_schema()) == []


def test_the_schema_uses_exactly_the_enums_schema_enums_wraps() -> None:
    used = {
        concrete.definition.wrapped_cls
        for concrete in build_schema().schema_converter.type_map.values()
        if isinstance(concrete.definition, StrawberryEnumDefinition)
    }
    assert used == {getattr(schema.enums, name) for name in schema.enums.__all__}


def test_every_to_plain_call_converts_to_a_declared_dataclass() -> None:
    """Found like ``grep to_plain(``: each call's target is some schema input's dataclass."""
    declared = {
        target.dataclass
        for concrete in build_schema().schema_converter.type_map.values()
        if isinstance(concrete.definition, StrawberryObjectDefinition)
        and (target := plain_target(concrete.definition.origin)) is not None
    }
    calls = list(_to_plain_targets())
    assert len(calls) >= 10, "the scan no longer finds the to_plain calls"
    undeclared = [
        f"{where}: {target.__name__}" for where, target in calls if target not in declared
    ]
    assert undeclared == []


def _to_plain_targets() -> Any:
    """(where, target dataclass) of every ``to_plain(value, Target)`` call outside convert.py."""
    for path in sorted(SCHEMA_DIR.rglob("*.py")):
        if path.name == "convert.py":
            continue
        module_name = ".".join(path.relative_to(SCHEMA_DIR.parent).with_suffix("").parts)
        module = importlib.import_module(module_name)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "to_plain":
                yield f"{module_name}:{node.lineno}", _resolve(module, node.args[1])


def _resolve(module: Any, node: ast.expr) -> Any:
    if isinstance(node, ast.Attribute):
        return getattr(_resolve(module, node.value), node.attr)
    assert isinstance(node, ast.Name)
    return getattr(module, node.id)


@converts_to(filters.ActiveNumberFilter)
@strawberry.input
class FilterWithANewField(ActiveNumberFilter):
    """The real filter plus a field someone forgot to add to the resolvers' dataclass."""

    near_airport: str | None = None


@strawberry.type
class QueryWithTheNewFilter:
    @strawberry.field
    def count(self, flt: FilterWithANewField | None = None) -> int:
        return 0


def test_a_filter_field_the_dataclass_lacks_fails_the_parity_check() -> None:
    problems = schema_mismatches(strawberry.Schema(query=QueryWithTheNewFilter))
    assert len(problems) == 1
    assert "FilterWithANewField.near_airport has no field in ActiveNumberFilter" in problems[0]


def test_to_plain_refuses_an_input_field_the_dataclass_would_drop() -> None:
    with pytest.raises(TypeError, match=r"near_airport has no field in ActiveNumberFilter"):
        to_plain(FilterWithANewField(near_airport="SFO"), filters.ActiveNumberFilter)


def test_the_real_filter_still_converts() -> None:
    converted = to_plain(
        ActiveNumberFilter(friendly_name="desk", trunk_sid="TK1"), filters.ActiveNumberFilter
    )
    assert converted == filters.ActiveNumberFilter(friendly_name="desk", trunk_sid="TK1")


@dataclasses.dataclass(frozen=True)
class Rename:
    sid: str
    friendly_name: str  # required, and no input below has it


@converts_to(Rename)
@strawberry.input
class RenameInput:
    sid: str


def test_to_plain_refuses_an_input_without_a_required_dataclass_field() -> None:
    with pytest.raises(TypeError, match=r"Rename.friendly_name is required but RenameInput"):
        to_plain(RenameInput(sid="PN1"), Rename)


@strawberry.input
class Undeclared:
    sid: str


def test_to_plain_refuses_an_undeclared_input_and_a_target_other_than_declared() -> None:
    with pytest.raises(TypeError, match="Undeclared declares no plain dataclass"):
        to_plain(Undeclared(sid="PN1"), Rename)
    with pytest.raises(TypeError, match="RenameInput converts to Rename, not ActiveNumberFilter"):
        to_plain(RenameInput(sid="PN1"), filters.ActiveNumberFilter)


@dataclasses.dataclass(frozen=True)
class Count:
    count: int


@converts_to(Count)
@strawberry.input
class CountAsText:
    count: str


def test_a_field_of_another_type_is_a_mismatch() -> None:
    assert conversion_problems(CountAsText) == (
        "CountAsText.count is str but Count.count takes int",
    )


@strawberry.enum
class SchemaOnlyStatus(Enum):
    OPEN = "open"


@strawberry.type
class QueryWithASchemaOnlyEnum:
    @strawberry.field
    def count(self, status: SchemaOnlyStatus | None = None) -> int:
        return 0


def test_an_enum_defined_only_in_the_schema_fails_the_parity_check() -> None:
    problems = schema_mismatches(strawberry.Schema(query=QueryWithASchemaOnlyEnum))
    assert problems == [
        f"enum SchemaOnlyStatus is defined in {__name__}, not in resolvers/",
        "enum SchemaOnlyStatus is no StrEnum: its members are not the stored strings",
        "SchemaOnlyStatus.OPEN is stored as 'open', not as its name",
    ]
