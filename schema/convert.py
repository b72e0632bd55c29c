"""Strawberry input objects → the plain dataclasses the resolvers take.

One generic conversion, driven by the target dataclass's fields: nested inputs become nested
dataclasses, enum members become their values (the stored names), and fields the client did not
send keep the target's default (``UNCHANGED`` for configuration changes).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, TypeVar

from strawberry import UNSET

T = TypeVar("T")


def to_plain(value: Any, target: type[T]) -> T:
    hints = typing.get_type_hints(target)
    kwargs = {
        field.name: _convert(getattr(value, field.name), hints[field.name])
        for field in dataclasses.fields(target)  # type: ignore[arg-type]
        if getattr(value, field.name, UNSET) is not UNSET  # unsent: the dataclass default
    }
    return target(**kwargs)


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


def _members(hint: Any) -> tuple[Any, ...]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return typing.get_args(hint)
    return (hint,)


def _list_item(hint: Any) -> Any:
    for member in _members(hint):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return Any


def _dataclass_in(hint: Any) -> type[Any] | None:
    for member in _members(hint):
        if dataclasses.is_dataclass(member) and isinstance(member, type):
            return member
    return None
