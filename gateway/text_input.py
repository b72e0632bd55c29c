"""No NUL characters in text inputs.

PostgreSQL text cannot hold U+0000: a NUL that reached a statement was an unexpected database
error (masked, but a bug) on PostgreSQL, and stored as is on SQLite. graphql-core does not let
the built-in ``String``/``ID`` scalars be redefined, so requests are checked before either
executor runs: the document's string literals once per document (``literal_holds_nul``, on
the node the gateway already parsed, when the text could hold one), its variables on every
request.
"""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from graphql.language.visitor import BREAK

NUL = "\x00"
MESSAGE = "text may not contain NUL characters (U+0000)"
# How a NUL can be written in a GraphQL document: escaped, or (invalid, but say so) raw.
LITERAL_SPELLINGS = ("\\u0000", "\\u{", NUL)


def nul_refusal(literal_nul: bool, variables: dict[str, Any] | None) -> GraphQLError | None:
    """The error to answer with when a string literal (``literal_nul``) or a variable holds
    a NUL."""
    if literal_nul or _holds_nul(variables):
        return GraphQLError(MESSAGE, extensions={"code": "INVALID_INPUT"})
    return None


def literal_holds_nul(text: str, document: DocumentNode | None) -> bool:
    """Whether a string literal of the parsed ``document`` (of ``text``) holds a NUL."""
    if document is None or not any(spelling in text for spelling in LITERAL_SPELLINGS):
        return False
    finder = _FindNul()
    visit(document, finder)
    return finder.found


class _FindNul(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: object) -> object:
        if NUL in node.value:
            self.found = True
            return BREAK
        return None


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
