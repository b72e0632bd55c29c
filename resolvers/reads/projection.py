"""Projections: how a GraphQL object tree is read from the columns of one SQL row.

A projection is a static tree (``ObjectShape`` of ``Leaf``/``Derived``/``ObjectShape``) keyed by
GraphQL field name. ``compile_reader`` walks it together with a ``SelectionTree`` and yields
the columns to select plus a function that turns one row into the nested dict of exactly the
selected fields, keyed by the Python (snake_case) names the schema's types use. Depth and width
of the selection never add statements: everything comes from the one row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Union

from sqlalchemy import ColumnElement

from resolvers.core.times import as_utc
from resolvers.reads.selection import SelectionTree

Row = Sequence[Any]
RowReader = Callable[[Row], Any]


@dataclass(frozen=True)
class Leaf:
    key: str
    column: ColumnElement[Any]
    convert: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Derived:
    """A value computed from several columns (money, verdicts)."""

    key: str
    columns: tuple[ColumnElement[Any], ...]
    build: Callable[..., Any]


@dataclass(frozen=True)
class ObjectShape:
    key: str
    fields: Mapping[str, ShapeNode]
    present_when: ColumnElement[Any] | None = None  # the object is null when this is falsy
    typename: str | None = None  # set for Node types, read by the interface resolver


ShapeNode = Union[Leaf, Derived, ObjectShape]  # noqa: UP007 (forward references)


@dataclass
class ColumnList:
    """The distinct columns of one SELECT, in order; positions index the row."""

    columns: list[ColumnElement[Any]] = field(default_factory=list)
    _positions: dict[int, int] = field(default_factory=dict)

    def position(self, column: ColumnElement[Any]) -> int:
        found = self._positions.get(id(column))
        if found is None:
            found = len(self.columns)
            self._positions[id(column)] = found
            self.columns.append(column)
        return found

    def copy(self) -> ColumnList:
        return ColumnList(list(self.columns), dict(self._positions))


KEPT_PROJECTIONS = 512  # distinct (shape, selection); each a list of columns and closures
Frozen = tuple[tuple[str, "Frozen"], ...]


def projection(shape: ObjectShape, selection: SelectionTree) -> tuple[ColumnList, RowReader]:
    """``compile_reader`` of ``selection`` on new columns, kept per shape and selection (the
    same documents select the same fields again): the columns are the caller's own copy, to
    extend (a sort key, a sid) without touching the kept ones."""
    columns, read = _kept_projection(_Same(shape), freeze(selection))
    return columns.copy(), read


def freeze(selection: SelectionTree) -> Frozen:
    """``selection`` as nested tuples (a cache key)."""
    return tuple((name, freeze(sub)) for name, sub in selection.items())


def thaw(frozen: Frozen) -> SelectionTree:
    return {name: thaw(sub) for name, sub in frozen}


@dataclass(frozen=True, eq=False)
class _Same:
    """A shape compared by identity (shapes are module constants; a dict inside: unhashable)."""

    shape: ObjectShape

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.shape is self.shape

    def __hash__(self) -> int:
        return id(self.shape)


@lru_cache(maxsize=KEPT_PROJECTIONS)
def _kept_projection(same: _Same, frozen: Frozen) -> tuple[ColumnList, RowReader]:
    columns = ColumnList()
    return columns, generated_reader(same.shape, thaw(frozen), columns)


def compile_reader(shape: ObjectShape, selection: SelectionTree, columns: ColumnList) -> RowReader:
    """A function from a row to the dict of the selected fields of ``shape`` (or None)."""
    getters = [
        (node.key, _compile_node(node, sub, columns))
        for name, sub in selection.items()
        if (node := shape.fields.get(name)) is not None
    ]
    guard = None if shape.present_when is None else columns.position(shape.present_when)
    typename = shape.typename

    def read(row: Row) -> dict[str, Any] | None:
        if guard is not None and not row[guard]:
            return None
        result = {key: get(row) for key, get in getters}
        if typename is not None:
            result["__typename"] = typename
        return result

    return read


def _compile_node(node: ShapeNode, selection: SelectionTree, columns: ColumnList) -> RowReader:
    if isinstance(node, ObjectShape):
        return compile_reader(node, selection, columns)
    if isinstance(node, Derived):
        positions = [columns.position(column) for column in node.columns]
        build = node.build
        return lambda row: build(*(row[p] for p in positions))
    position = columns.position(node.column)
    convert = node.convert
    if convert is None:
        return lambda row: row[position]
    return lambda row: None if row[position] is None else convert(row[position])


def generated_reader(
    shape: ObjectShape, selection: SelectionTree, columns: ColumnList, *, as_json: bool = False
) -> RowReader:
    """``compile_reader`` as one generated function (same columns in the same order, same
    dicts): a page reads every selected field of every row, and nested closures cost a call
    per field. Generating costs more than it saves for one row, so it is for readers that are
    kept (``projection``, the kept page statements).

    ``as_json``: the response's JSON instead (the bench's floor): keyed by GraphQL name, an
    object of a derived value (money) with only its selected keys, no ``__typename``."""
    names: dict[str, Any] = {"_pick": pick_keys}
    expression = _object_source(shape, selection, columns, names, as_json)
    source = f"def read(row):\n    return {expression}\n"
    exec(compile(source, "<projection>", "exec"), names)  # noqa: S102
    read: RowReader = names["read"]
    if not as_json:
        setattr(read, _PROJECTED, (shape, selection, columns))  # for row_fields
    return read


_PROJECTED = "projected_from"


@dataclass(frozen=True)
class RowFields:
    """What a generated reader reads from a row, for code that writes its answer from the row
    itself (``schema.compiled.fused``): each selected field's expression over ``row`` by Python
    key, and each nested object's fields with the expression that is falsy when it is null."""

    values: dict[str, str]
    objects: dict[str, tuple[str | None, RowFields]]


def row_fields(read: RowReader, name_of: Callable[[Any], str]) -> RowFields | None:
    """The fields ``read`` (a ``generated_reader``) reads, its helpers named by ``name_of``;
    None for any other reader, or one whose shape is null when its row says so."""
    projected = getattr(read, _PROJECTED, None)
    if projected is None:
        return None
    shape, selection, columns = projected
    if shape.present_when is not None:
        return None
    return _row_fields(shape, selection, columns, name_of)


def _row_fields(
    shape: ObjectShape, selection: SelectionTree, columns: ColumnList, name_of: Callable[[Any], str]
) -> RowFields:
    fields = RowFields({}, {})
    for name, sub in selection.items():
        node = shape.fields.get(name)
        if isinstance(node, ObjectShape):
            guard = None if node.present_when is None else columns.position(node.present_when)
            nested = _row_fields(node, sub, columns, name_of)
            fields.objects[node.key] = (None if guard is None else f"row[{guard}]", nested)
        elif node is not None:
            fields.values[node.key] = _value_source(node, columns, name_of)
    return fields


def pick_keys(value: Any, keys: list[str]) -> Any:
    return None if value is None else {key: value[key] for key in keys}


def _object_source(
    shape: ObjectShape,
    selection: SelectionTree,
    columns: ColumnList,
    names: dict[str, Any],
    as_json: bool,
) -> str:
    entries = [
        f"{(name if as_json else node.key)!r}: {_node_source(node, sub, columns, names, as_json)}"
        for name, sub in selection.items()
        if (node := shape.fields.get(name)) is not None
    ]
    if shape.typename is not None and not as_json:
        entries.append(f"'__typename': {shape.typename!r}")
    written = "{" + ", ".join(entries) + "}"
    if shape.present_when is None:
        return written
    return f"({written} if row[{columns.position(shape.present_when)}] else None)"


def _node_source(
    node: ShapeNode,
    selection: SelectionTree,
    columns: ColumnList,
    names: dict[str, Any],
    as_json: bool,
) -> str:
    if isinstance(node, ObjectShape):
        return _object_source(node, selection, columns, names, as_json)
    value = _value_source(node, columns, lambda helper: _named(helper, names))
    if isinstance(node, Derived) and as_json and selection:
        return f"_pick({value}, {list(selection)!r})"
    return value


def _value_source(node: Leaf | Derived, columns: ColumnList, name_of: Callable[[Any], str]) -> str:
    """The expression of a leaf's or a derived value over ``row``."""
    if isinstance(node, Derived):
        arguments = ", ".join(f"row[{columns.position(column)}]" for column in node.columns)
        return f"{name_of(node.build)}({arguments})"
    at = f"row[{columns.position(node.column)}]"
    if node.convert is None:
        return at
    return f"(None if {at} is None else {name_of(node.convert)}({at}))"


def _named(value: Any, names: dict[str, Any]) -> str:
    name = f"_f{len(names)}"
    names[name] = value
    return name


def snake_case(name: str) -> str:
    """The Python key of a GraphQL field name (``inboundMps`` → ``inbound_mps``)."""
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name)


def leaves(**columns: ColumnElement[Any]) -> dict[str, ShapeNode]:
    """Leaves keyed by GraphQL name, each read from its column as it is."""
    return {name: Leaf(snake_case(name), column) for name, column in columns.items()}


def time_leaves(**columns: ColumnElement[Any]) -> dict[str, ShapeNode]:
    """Leaves of naive-UTC timestamp columns, served as aware UTC."""
    return {name: Leaf(snake_case(name), column, as_utc) for name, column in columns.items()}
