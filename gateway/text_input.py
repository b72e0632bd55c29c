"""No NUL characters in text inputs.

PostgreSQL text cannot hold U+0000: a NUL that reached a statement was an unexpected database
error (masked, but a bug) on PostgreSQL, and stored as is on SQLite. graphql-core does not let
the built-in ``String``/``ID`` scalars be redefined, so the request is checked here, before
either executor runs: its variables, and its string literals when the document could hold one
(the document is parsed again only then).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, StringValueNode, Visitor, parse, visit

NUL = "\x00"
MESSAGE = "text may not contain NUL characters (U+0000)"
# How a NUL can be written in a GraphQL document: escaped, or (invalid, but say so) raw.
LITERAL_SPELLINGS = ("\\u0000", "\\u{", NUL)


def nul_refusal(query: str | None, variables: dict[str, Any] | None) -> GraphQLError | None:
    """The error to answer with when a variable or a string literal holds a NUL."""
    if _holds_nul(variables) or _literal_holds_nul(query):
        return GraphQLError(MESSAGE, extensions={"code": "INVALID_INPUT"})
    return None


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _literal_holds_nul(query: str | None) -> bool:
    if not query or not any(spelling in query for spelling in LITERAL_SPELLINGS):
        return False
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return False  # the executor reports the syntax error as usual
    found: list[bool] = []

    class FindNul(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: object) -> None:
            if NUL in node.value:
                found.append(True)

    visit(document, FindNul())
    return bool(found)
