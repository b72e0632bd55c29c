"""A page's items written straight from its rows: the projection's reader and the plan's item
writer fused into one generated function (issue 12; DESIGN.md "writing the response straight
from the rows").

A page root (``activeNumbers``, ``availableNumbers``) hands its nodes on as ``LazyNodes``: rows
and the generated reader that turns one into the dict of its selected fields. Written through
that dict, every field costs a dict entry built by the reader and one read by the writer, and
each of the ~12 objects of a full-tree number a dict of its own (in process, quiet: 4 % of a
full-tree page of 50, 12 % of a page of 500; the fields' own conversions stay). The fused
function reads each field's expression over the row (``row_fields``) where the item writer
read ``src[key]``, and calls a nested object's writer on the row itself. The
leaves, their coercions and the null rules are the item writer's own (the same compiler
methods), so both write the same answer; a field the reader does not describe, a nested object
that is not a plain object type, or a list of objects inside an item leaves the site to the
dict path (``Ineligible``), decided once per site and reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLOutputType
from graphql.execution.collect_fields import FieldDetails, collect_subfields

from resolvers.reads.lazy_nodes import LazyNodes
from resolvers.reads.projection import RowFields, row_fields
from schema.compiled.fields import python_name
from schema.compiled.leaves import Ineligible

RowWriter = Callable[[Any], Any]
# What a field's local is bound to (None: no local needed) and the response value over it.
Entry = tuple[str | None, str]
KEPT_READERS = 8  # readers fused per site (a site sees one per distinct page selection)


class ItemCompiler(Protocol):
    """What the fused writer needs of the plan's compiler (``schema.compiled.plan``)."""

    schema: Any
    fragments: Any
    variables: Any
    operation: Any
    functions: list[str]
    fail: str
    in_fragment: bool

    @property
    def ns(self) -> Any: ...

    def plain_field(self, type_: GraphQLObjectType, name: str) -> Any: ...

    def value(self, type_: GraphQLOutputType, var: str, details: list[FieldDetails]) -> str: ...

    def object_function(
        self,
        type_: GraphQLObjectType,
        grouped: dict[str, list[FieldDetails]],
        entry: Callable[[str, str, str, list[FieldDetails]], Entry],
        parameter: str,
        prefix: str,
    ) -> str: ...


class FusedSite:
    """An outermost list of objects: its items written from their rows when the list is
    ``LazyNodes`` whose reader fuses, else through the item writer (``per_item``)."""

    def __init__(
        self,
        compiler: Callable[[], ItemCompiler],
        item_type: GraphQLObjectType,
        details: list[FieldDetails],
        fragment: Callable[[Any], Any],
    ) -> None:
        self._compiler = compiler
        self._item_type = item_type
        self._details = details
        self._fragment = fragment
        self._fused: dict[int, tuple[Any, RowWriter | None]] = {}

    def __call__(self, value: Any, per_item: Callable[[Any], Any]) -> list[Any]:
        if type(value) is LazyNodes:
            fused = self._for(value.read)
            if fused is not None:
                fragment = self._fragment
                return [fragment(fused(row)) for row in value.rows]
        return [per_item(item) for item in value]

    def _for(self, read: Any) -> RowWriter | None:
        kept = self._fused.get(id(read))
        if kept is not None and kept[0] is read:
            return kept[1]
        if len(self._fused) >= KEPT_READERS:
            self._fused.clear()
        fused = self._compile(read)
        self._fused[id(read)] = (read, fused)
        return fused

    def _compile(self, read: Any) -> RowWriter | None:
        compiler = self._compiler()
        fields = row_fields(read, compiler.ns.add)
        if fields is None:
            return None
        compiler.in_fragment = True  # lists of objects inside an item stay plain lists
        try:
            name = _RowWriters(compiler).object_writer(self._item_type, self._details, fields)
        except Ineligible:
            return None
        namespace = compiler.ns.values
        exec(compile("\n".join(compiler.functions), "<fused writer>", "exec"), namespace)  # noqa: S102
        writer: RowWriter = namespace[name]
        return writer


class _RowWriters:
    def __init__(self, compiler: ItemCompiler) -> None:
        self.c = compiler

    def object_writer(
        self, type_: GraphQLObjectType, details: list[FieldDetails], fields: RowFields
    ) -> str:
        """The name of a generated ``def _rN(row)`` writing ``type_``'s selection."""
        c = self.c
        sub = collect_subfields(c.schema, c.fragments, c.variables, c.operation, type_, details)
        if sub.new_defer_usages:
            raise Ineligible

        def from_row(_key: str, name: str, var: str, grouped: list[FieldDetails]) -> Entry:
            return self._field(type_, name, var, grouped, fields)

        return c.object_function(type_, sub.grouped_field_set, from_row, "row", "_r")

    def _field(
        self,
        type_: GraphQLObjectType,
        name: str,
        var: str,
        grouped: list[FieldDetails],
        fields: RowFields,
    ) -> Entry:
        """What the field's local is bound to, and the entry's value over it."""
        c = self.c
        field = c.plain_field(type_, name)
        python = python_name(field)
        inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if python in fields.values:
            return fields.values[python], c.value(field.type, var, grouped)
        nested = fields.objects.get(python)
        if nested is None or not isinstance(inner, GraphQLObjectType):
            raise Ineligible
        guard, nested_fields = nested
        writer = self.object_writer(inner, grouped, nested_fields)
        if guard is None:
            return None, f"{writer}(row)"
        absent = "None" if not isinstance(field.type, GraphQLNonNull) else f"{c.fail}()"
        return guard, f"({writer}(row) if {var} else {absent})"
