"""Types shared by every part of the schema: Node, Money, PageInfo."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLResolveInfo


def read_field(source: Any, name: str) -> Any:
    """The schema's default resolver: dict-backed read types by key, objects by attribute."""
    if type(source) is dict:
        return source[name]
    return getattr(source, name)


class DictBacked:
    """Mixin for object types served from look-ahead dicts (see ``schema/__init__``)."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: GraphQLResolveInfo[Any]) -> bool:
        return isinstance(obj, dict) and obj.get("__typename", cls.__name__) == cls.__name__


@strawberry.interface(description="An object with a Twilio-shaped sid; `id` is that sid.")
class Node:
    id: strawberry.ID


@strawberry.type(description='An amount of money; `amount` is a decimal string such as "1.15".')
class Money:
    amount: Decimal
    currency: str


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None
