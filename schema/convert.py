"""Strawberry input objects → the plain dataclasses the resolvers take.

One generic conversion, driven by the target dataclass's fields: nested inputs become nested
dataclasses, enum members become their values (the stored names), and fields the client did not
send keep the target's default (``UNCHANGED`` for configuration changes). The input must
declare its target (``schema.plain_targets.converts_to``) and match it field for field; a
mismatched pair is refused with a TypeError, a programming error rather than a client's.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Hashable
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from strawberry import UNSET

from schema.plain_targets import conversion_problems, field_hints, plain_target, union_members

T = TypeVar("T")


def to_plain(value: Any, target: type[T]) -> T:
    _refuse_mismatch(type(value), target)
    fields: tuple[tuple[str, Any], ...] = _fields_of(cast(Hashable, target))
    kwargs = {
        name: _convert(getattr(value, name), hint)
        for name, hint in fields
        if getattr(value, name, UNSET) is not UNSET  # unsent: the dataclass default
    }
    return target(**kwargs)


@cache
def _fields_of(target: type) -> tuple[tuple[str, Any], ...]:
    """The dataclass's field names with their resolved types (once per dataclass: converting
    runs for every argument value of every request)."""
    hints = field_hints(target)
    return tuple((field.name, hints[field.name]) for field in dataclasses.fields(target))


def _refuse_mismatch(input_type: type, target: type) -> None:
    declared = plain_target(input_type)
    if declared is not None and declared.dataclass is not target:
        raise TypeError(
            f"{input_type.__name__} converts to {declared.dataclass.__name__}, "
            f"not {target.__name__}"
        )
    problems = conversion_problems(input_type)
    if problems:
        raise TypeError("; ".join(problems))


def _convert(value: Any, hint: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        item_hint = _list_item(hint)
        return [_convert(item, item_hint) for item in value]
    dataclass_type = _dataclass_in(hint)
    if dataclass_type is not None:
        return to_plain(value, dataclass_type)
    return value


@cache
def _list_item(hint: Any) -> Any:
    for member in union_members(hint):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return Any


@cache
def _dataclass_in(hint: Any) -> type[Any] | None:
    for member in union_members(hint):
        if dataclasses.is_dataclass(member) and isinstance(member, type):
            return member
    return None
