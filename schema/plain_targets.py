"""Which plain dataclass each Strawberry input becomes, and whether the two match.

An input declares its dataclass with ``@converts_to(Target)``, naming the input fields its
resolver reads itself (an ``accountSid``, an ``idempotencyKey``) in ``read_by_resolver``.
The pairing must be exact: an input field the dataclass does not take would be dropped in
silence (a new filter ignored), and a required dataclass field the input lacks could never be
filled. ``conversion_problems`` lists every such mismatch, field types included;
``schema.convert.to_plain`` refuses a mismatched pair, and the parity test checks them all.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeVar

InputType = TypeVar("InputType", bound=type)

_DECLARATION = "__plain_target__"


@dataclass(frozen=True)
class PlainTarget:
    dataclass: type
    read_by_resolver: frozenset[str]


def converts_to(
    target: type, *, read_by_resolver: tuple[str, ...] = ()
) -> Callable[[InputType], InputType]:
    """Declare that the decorated input becomes ``target``; the input fields named in
    ``read_by_resolver`` are read by its resolver directly instead."""

    def declare(input_type: InputType) -> InputType:
        setattr(input_type, _DECLARATION, PlainTarget(target, frozenset(read_by_resolver)))
        return input_type

    return declare


def plain_target(input_type: type) -> PlainTarget | None:
    """What ``input_type`` itself declares (a subclass does not inherit its parent's)."""
    found = vars(input_type).get(_DECLARATION)
    return found if isinstance(found, PlainTarget) else None


@cache
def conversion_problems(input_type: type) -> tuple[str, ...]:
    """Every way ``input_type`` and its declared dataclass fail to match (empty: none)."""
    declared = plain_target(input_type)
    if declared is None:
        return (f"{input_type.__name__} declares no plain dataclass (@converts_to)",)
    names = (input_type.__name__, declared.dataclass.__name__)
    source, target = _fields(input_type), _fields(declared.dataclass)
    problems = [
        *_dropped(source, target, declared.read_by_resolver, names),
        *_unfilled(source, target, names),
    ]
    source_hints, target_hints = field_hints(input_type), field_hints(declared.dataclass)
    for name in sorted(source.keys() & target.keys()):
        if not _fits(source_hints[name], target_hints[name]):
            problems.append(
                f"{names[0]}.{name} is {_show(source_hints[name])} but {names[1]}.{name} "
                f"takes {_show(target_hints[name])}"
            )
    return tuple(problems)


@cache
def field_hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a class; resolving string annotations is slow, so once."""
    return typing.get_type_hints(cls)


def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {field.name: field for field in dataclasses.fields(cls)}


def _dropped(
    source: dict[str, Any],
    target: dict[str, Any],
    by_resolver: frozenset[str],
    names: tuple[str, str],
) -> list[str]:
    """Input fields nothing would read, and ``read_by_resolver`` names that read nothing."""
    only_in_input = source.keys() - target.keys()
    dropped = [
        f"{names[0]}.{name} has no field in {names[1]}, so the conversion would drop it: "
        "add it to the dataclass (or to read_by_resolver if the resolver reads it)"
        for name in sorted(only_in_input - by_resolver)
    ]
    stale = [
        f"read_by_resolver names {name}, which is no field of {names[0]} or is one of {names[1]}"
        for name in sorted(by_resolver - only_in_input)
    ]
    return dropped + stale


def _unfilled(
    source: dict[str, Any], target: dict[str, dataclasses.Field[Any]], names: tuple[str, str]
) -> list[str]:
    """Required dataclass fields the input has no field for."""
    return [
        f"{names[1]}.{name} is required but {names[0]} has no such field"
        for name, field in sorted(target.items())
        if name not in source
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    ]


def _fits(source: Any, target: Any) -> bool:
    """Whether every value ``source`` admits converts to a value ``target`` takes."""
    if target is Any:
        return True
    accepted = union_members(target)
    if type(None) in union_members(source) and type(None) not in accepted:
        return False
    return all(
        any(_member_fits(member, option) for option in accepted)
        for member in union_members(source)
        if member is not type(None)
    )


def _member_fits(source: Any, target: Any) -> bool:
    """One non-null type against one: enums become their values, inputs their dataclasses."""
    if target is Any or source is target:
        return True
    if typing.get_origin(source) is list:
        return typing.get_origin(target) in (list, Sequence) and _fits(
            typing.get_args(source)[0], typing.get_args(target)[0]
        )
    if isinstance(source, type) and issubclass(source, Enum):
        return target is str
    declared = plain_target(source) if isinstance(source, type) else None
    return declared is not None and declared.dataclass is target


def union_members(hint: Any) -> tuple[Any, ...]:
    """The types a hint admits: a union's members, or the hint itself."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return typing.get_args(hint)
    return (hint,)


def _show(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")
