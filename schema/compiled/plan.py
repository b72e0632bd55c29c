"""A plan: which root resolvers to call and the generated code that writes the response.

Compiled once per (document, operation, values of the variables that @skip/@include read),
from graphql-core's own field collection, so fragments, aliases and directives resolve exactly
as the standard executor resolves them. Each object type of the selection becomes one generated
function that reads the source dict by the schema's Python names and returns the response dict
keyed by response keys (aliases), in the executor's order. Anything outside plain data makes the
document ineligible (``compile_plan`` returns None) and the standard executor serves it.

A field of an interface type (``node``) gets one writer per possible type, chosen at run time
by the ``__typename`` the look-ahead dict carries, as Strawberry's type resolver chooses it; a
possible type whose selection is not plain data writes nothing (``Fallback``) and graphql-core
completes the response from the roots already resolved.

Each item of the outermost lists of objects (a page's ``nodes``) is serialized as soon as it is
written, into an ``orjson.Fragment`` that the response's ``orjson.dumps`` copies verbatim: the
same bytes, without holding every item's response dict until the whole page is written (issue
12 item 6: a page of 500 is ~6,000 dicts). The data is therefore for ``orjson`` to serialize.
When such a list comes as a page's rows and the reader that would turn them into dicts
(``LazyNodes``), its items are written from the rows themselves (``schema.compiled.fused``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    is_leaf_type,
)
from graphql.execution import VariableValues
from graphql.execution.collect_fields import (
    FieldDetails,
    FragmentDetails,
    collect_fields,
    collect_subfields,
)

from schema.compiled.fields import python_name
from schema.compiled.fused import Entry, FusedSite
from schema.compiled.leaves import Fallback, Ineligible, fail, leaf_expression
from schema.compiled.names import Namespace
from schema.types.common import DictBacked

SUPPORTED_ROOTS = frozenset(
    {
        "activeNumbers",
        "activeNumber",
        "node",
        "viewer",
        "account",
        "availableNumbers",
        "releasedNumbers",
        "messagingServices",
        "hostedNumberOrders",
        "numberEvents",
        "addresses",
        "authorizationDocuments",
        "availableCountries",
        "pricing",
        "lookup",
        "hostedNumberOrder",
        "reservations",
        "numberOrders",
        "numberOrder",
    }
)
# Plain fields whose data the root reads do not serve in the look-ahead dict shape we trust.
EXCLUDED_FIELDS = frozenset({("Account", "subaccounts")})

Writer = Callable[[dict[str, Any]], dict[str, Any]]
EntrySource = Callable[[str, str, str, list[FieldDetails]], Entry]  # key, name, local, details


@dataclass(frozen=True)
class RootField:
    response_key: str
    field: GraphQLField
    nodes: list[FieldNode]


@dataclass(frozen=True)
class Plan:
    roots: tuple[RootField, ...]
    write: Writer  # root results keyed by response key → the response's ``data``
    source: str  # the generated code, for debugging


def compile_plan(
    schema: GraphQLSchema,
    fragments: dict[str, FragmentDefinitionNode],
    operation: OperationDefinitionNode,
    variables: VariableValues,
) -> Plan | None:
    try:
        return _Compiler(schema, fragments, operation, variables).plan()
    except Ineligible:
        return None


class _Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        operation: OperationDefinitionNode,
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragment_nodes = fragments
        self.fragments = {name: FragmentDetails(node) for name, node in fragments.items()}
        self.operation = operation
        self.variables = variables
        self.ns = Namespace()
        self.fail = self.ns.add(fail)
        self.fragment = self.ns.add(_fragment)
        self.functions: list[str] = []
        self.in_fragment = False  # compiling what a list item's fragment will hold

    def plan(self) -> Plan:
        query_type = self.schema.query_type
        if query_type is None:
            raise Ineligible
        collected = collect_fields(
            self.schema, self.fragments, self.variables, query_type, self.operation
        )
        if collected.new_defer_usages:
            raise Ineligible
        roots: list[RootField] = []
        for key, details in collected.grouped_field_set.items():
            name = details[0].node.name.value
            if name == "__typename":
                continue
            if name not in SUPPORTED_ROOTS:
                raise Ineligible
            roots.append(RootField(key, query_type.fields[name], [d.node for d in details]))
        writer = self._object_writer(
            query_type, collected.grouped_field_set, source_by_response_key=True
        )
        source = "\n".join(self.functions)
        exec(compile(source, "<compiled plan>", "exec"), self.ns.values)  # noqa: S102
        write: Writer = self.ns.values[writer]
        return Plan(tuple(roots), write, source)

    def _object_writer(
        self,
        type_: GraphQLObjectType,
        grouped: dict[str, list[FieldDetails]],
        *,
        source_by_response_key: bool = False,
    ) -> str:
        """A generated ``def _wN(src)`` writing ``type_``'s selection from the dict ``src``
        (the root results by response key, below them the look-ahead dicts)."""

        def from_dict(key: str, name: str, var: str, details: list[FieldDetails]) -> Entry:
            field = self._plain_field(type_, name, source_by_response_key)
            source_key = key if source_by_response_key else python_name(field)
            return f"src[{source_key!r}]", self._value(field.type, var, details)

        return self.object_function(type_, grouped, from_dict, "src", "_w")

    def object_function(
        self,
        type_: GraphQLObjectType,
        grouped: dict[str, list[FieldDetails]],
        entry: EntrySource,
        parameter: str,
        prefix: str,
    ) -> str:
        """The name of a generated function of ``parameter`` returning ``type_``'s response
        dict: each field's local bound to what ``entry`` reads, its value written over it."""
        reads: list[str] = []
        entries: list[str] = []
        for key, details in grouped.items():
            if any(detail.defer_usage is not None for detail in details):
                raise Ineligible
            name = details[0].node.name.value
            if name == "__typename":
                entries.append(f"{key!r}: {type_.name!r}")
                continue
            var = self.ns.fresh("_v")
            read, value = entry(key, name, var, details)
            if read is not None:
                reads.append(f"    {var} = {read}")
            entries.append(f"{key!r}: {value}")
        function = self.ns.fresh(prefix)
        body = "\n".join(reads)
        self.functions.append(
            f"def {function}({parameter}):\n{body}\n    return {{{', '.join(entries)}}}\n"
        )
        return function

    def plain_field(self, type_: GraphQLObjectType, name: str) -> GraphQLField:
        """A field below the root whose value is plain data (else ``Ineligible``)."""
        return self._plain_field(type_, name, False)

    def value(self, type_: GraphQLOutputType, var: str, details: list[FieldDetails]) -> str:
        return self._value(type_, var, details)

    def _fresh(self) -> _Compiler:
        """A compiler of the same operation with a namespace of its own (``FusedSite``)."""
        return _Compiler(self.schema, self.fragment_nodes, self.operation, self.variables)

    def _plain_field(self, type_: GraphQLObjectType, name: str, is_root: bool) -> GraphQLField:
        if name.startswith("__") or (type_.name, name) in EXCLUDED_FIELDS:
            raise Ineligible
        field: GraphQLField = type_.fields[name]
        if not is_root and not getattr(field.resolve, "_is_default", False):
            raise Ineligible
        return field

    def _value(self, type_: GraphQLOutputType, var: str, details: list[FieldDetails]) -> str:
        """The response value of ``var`` (a bound local) for a field of ``type_``."""
        nullable = not isinstance(type_, GraphQLNonNull)
        inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if is_leaf_type(inner):
            return leaf_expression(inner, nullable, var, self.ns)
        if isinstance(inner, GraphQLList):
            item = self.ns.fresh("_i")
            value = self._list(inner, item, var, details)
        elif isinstance(inner, GraphQLObjectType):
            sub = collect_subfields(
                self.schema, self.fragments, self.variables, self.operation, inner, details
            )
            if sub.new_defer_usages:
                raise Ineligible
            value = f"{self._object_writer(inner, sub.grouped_field_set)}({var})"
        elif isinstance(inner, GraphQLInterfaceType):
            table = self._writers_by_type(inner, details)
            value = f"{self.ns.add(write_by_typename)}({table}, {var})"
        else:  # unions: none in the schema, the standard executor's job
            raise Ineligible
        if nullable:
            return f"(None if {var} is None else {value})"
        return f"({value} if {var} is not None else {self.fail}())"

    def _writers_by_type(self, abstract: GraphQLInterfaceType, details: list[FieldDetails]) -> str:
        """The name of a generated dict: possible type name → its writer (None when the
        selection on that type is not plain data, or its ``is_type_of`` is not the dict one)."""
        entries: list[str] = []
        for possible in self.schema.get_possible_types(abstract):
            writer = "None"
            if _checks_typename(possible):
                sub = collect_subfields(
                    self.schema, self.fragments, self.variables, self.operation, possible, details
                )
                try:
                    if sub.new_defer_usages:
                        raise Ineligible
                    writer = self._object_writer(possible, sub.grouped_field_set)
                except Ineligible:
                    pass
            entries.append(f"{possible.name!r}: {writer}")
        table = self.ns.fresh("_t")
        self.functions.append(f"{table} = {{{', '.join(entries)}}}\n")
        return table

    def _list(
        self, type_: GraphQLList[Any], item: str, var: str, details: list[FieldDetails]
    ) -> str:
        """A list comprehension; items of an outermost list of objects become fragments."""
        item_type = type_.of_type
        named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if self.in_fragment or not isinstance(named, GraphQLObjectType):
            return f"[{self._value(item_type, item, details)} for {item} in {var}]"
        self.in_fragment = True
        try:
            written = self._value(item_type, item, details)
        finally:
            self.in_fragment = False
        per_item = self.ns.fresh("_l")
        self.functions.append(f"def {per_item}({item}):\n    return {self.fragment}({written})\n")
        site = self.ns.add(FusedSite(self._fresh, named, details, _fragment))
        return f"{site}({var}, {per_item})"


def write_by_typename(writers: dict[str, Writer | None], value: Any) -> Any:
    """Strawberry resolves a dict's interface type by its ``__typename`` (graphql-core's
    default type resolver); anything else is graphql-core's to complete."""
    name = value.get("__typename") if type(value) is dict else None
    writer = writers.get(name) if type(name) is str else None
    if writer is None:
        raise Fallback
    return writer(value)


def _checks_typename(type_: GraphQLObjectType) -> bool:
    """Whether graphql-core's ``is_type_of`` check passes for a dict carrying this type's name
    (none, or the dict-backed one)."""
    check = type_.is_type_of
    dict_check = vars(DictBacked)["is_type_of"].__func__
    return check is None or getattr(check, "__func__", None) is dict_check


def _fragment(value: Any) -> Any:
    """A written list item as its JSON text (a null item stays None: ``orjson.Fragment`` wants
    text). As text, not the bytes ``orjson.dumps`` returns: those keep orjson's whole output
    buffer allocated (~8-32 KB for an item of ~2.4 KB), so a page of 500 held ~4 MB instead of
    1.2 MB until the response was encoded; the decoded copy is exactly its length."""
    return None if value is None else orjson.Fragment(orjson.dumps(value).decode())
