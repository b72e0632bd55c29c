"""Relay pagination over keyset cursors.

A cursor is an opaque, URL-safe encoding of (ordering name, sort value, sid): stable while rows
are inserted, never an offset. ``first``/``after`` page forwards and ``last``/``before`` backwards;
one page costs one statement that fetches ``size + 1`` rows to learn whether more exist.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, tuple_

from resolvers.core.errors import InvalidInput
from resolvers.reads.lazy_nodes import LazyNodes
from resolvers.reads.selection import SelectionTree

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class SortKey:
    """One ordering: its stable name (in cursors), SQL expression and value codec."""

    name: str
    expression: ColumnElement[Any]
    tiebreak: ColumnElement[Any]
    is_time: bool = False
    is_integer: bool = False

    def to_json(self, value: Any) -> Any:
        if self.is_integer:
            return str(value)
        return value.isoformat() if self.is_time else value

    def from_json(self, value: Any) -> Any:
        """The sort value of a cursor; ValueError/TypeError unless ``to_json`` could have made it
        (every sort value travels as a string; times as naive ISO-8601, integers in decimal)."""
        if not isinstance(value, str):
            raise TypeError("a cursor's sort value is a string")
        if self.is_integer:
            if not (value.isascii() and value.isdigit()):
                raise ValueError("a cursor's integer is decimal digits")
            return int(value)
        if not self.is_time:
            return value
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is not None:
            raise ValueError("a cursor's time is naive UTC")
        return parsed


@dataclass(frozen=True)
class Cursor:
    value: Any
    sid: str


@dataclass(frozen=True)
class PageRequest:
    size: int
    backward: bool
    cursor: Cursor | None
    has_cursor_behind: bool  # an after/before was given: pages exist in the other direction


def page_request(
    first: int | None, after: str | None, last: int | None, before: str | None, key: SortKey
) -> PageRequest:
    """Validate the four Relay arguments; errors name the argument and the rule."""
    if first is not None and last is not None:
        raise InvalidInput("pass either `first` or `last`, not both", field=["last"])
    if last is not None or before is not None:
        if after is not None:
            raise InvalidInput("`after` pages forwards; use it with `first`", field=["after"])
        if first is not None:
            raise InvalidInput("`before` pages backwards; use it with `last`", field=["before"])
        size = _size(last, "last")
        cursor = decode_cursor(before, key, "before") if before is not None else None
        return PageRequest(size, True, cursor, before is not None)
    cursor = decode_cursor(after, key, "after") if after is not None else None
    return PageRequest(_size(first, "first"), False, cursor, after is not None)


def _size(value: int | None, argument: str) -> int:
    if value is None:
        return DEFAULT_PAGE_SIZE
    if not 0 <= value <= MAX_PAGE_SIZE:
        raise InvalidInput(
            f"`{argument}` must be between 0 and {MAX_PAGE_SIZE} (got {value})", field=[argument]
        )
    return value


def encode_cursor(key: SortKey, value: Any, sid: str) -> str:
    raw = orjson.dumps([key.name, key.to_json(value), sid])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, key: SortKey, argument: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        name, value, sid = orjson.loads(raw)
        cursor = Cursor(key.from_json(value), str(sid))
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        raise InvalidInput(
            f"`{argument}` is not a cursor this API issued", field=[argument]
        ) from None
    if name != key.name:
        raise InvalidInput(
            f"`{argument}` was issued for another ordering ({name}); "
            f"cursors only work with the ordering that issued them",
            field=[argument],
        )
    return cursor


def apply_keyset(
    statement: Select[Any], key: SortKey, page: PageRequest, descending: bool
) -> Select[Any]:
    """Order, position after the cursor and limit ``statement`` for this page."""
    reverse = descending != page.backward
    sort, tiebreak = key.expression, key.tiebreak
    if page.cursor is not None:
        row, at = tuple_(sort, tiebreak), tuple_(page.cursor.value, page.cursor.sid)
        statement = statement.where(row < at if reverse else row > at)
    order = (sort.desc(), tiebreak.desc()) if reverse else (sort.asc(), tiebreak.asc())
    return statement.order_by(*order).limit(page.size + 1)


def connection(
    rows: Sequence[Sequence[Any]],
    page: PageRequest,
    selection: SelectionTree,
    read_node: Callable[[Sequence[Any]], Any],
    cursor_of: Callable[[Sequence[Any]], str],
    *,
    lazy: bool = False,
) -> dict[str, Any]:
    """The connection dict (edges, nodes, pageInfo) of exactly what was selected. ``lazy``:
    ``nodes`` alone are read as they are iterated (``LazyNodes``), for a caller that hands
    them on as they are (a caller that adds to each node's dict needs them kept)."""
    has_more = len(rows) > page.size
    rows = list(rows[: page.size])
    if page.backward:
        rows.reverse()
    result: dict[str, Any] = {}
    if "edges" in selection:  # the edges' nodes are the nodes: read once, kept
        nodes = [read_node(row) for row in rows]
        result["edges"] = [
            {"cursor": cursor_of(row), "node": node} for row, node in zip(rows, nodes, strict=True)
        ]
        if "nodes" in selection:
            result["nodes"] = nodes
    elif "nodes" in selection:
        result["nodes"] = LazyNodes(rows, read_node) if lazy else list(map(read_node, rows))
    if "pageInfo" in selection:
        result["page_info"] = {
            "has_next_page": has_more if not page.backward else page.has_cursor_behind,
            "has_previous_page": has_more if page.backward else page.has_cursor_behind,
            "start_cursor": cursor_of(rows[0]) if rows else None,
            "end_cursor": cursor_of(rows[-1]) if rows else None,
        }
    return result
