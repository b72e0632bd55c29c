"""Hand Strawberry's executor a document that is already parsed and validated.

Strawberry's documented way to supply a parsed document is an ``on_parse`` extension that sets
``execution_context.graphql_document``; validation is skipped when ``pre_execution_errors`` is
already set. The transport (HTTP or WebSocket) runs the operation inside ``using_document``;
``PreparedDocument`` then gives Strawberry that document and its validation result, so nothing
is parsed or validated twice. Without a prepared document for the operation's text (a direct
``schema.execute`` call) Strawberry parses and validates as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from strawberry.extensions import SchemaExtension

from schema.compiled.documents import VALIDATION_RULES, Document

_current: ContextVar[Document | None] = ContextVar("prepared_document", default=None)


@contextmanager
def using_document(document: Document) -> Iterator[None]:
    """Operations started inside (and the tasks they create) use ``document``."""
    token = _current.set(document)
    try:
        yield
    finally:
        _current.reset(token)


class PreparedDocument(SchemaExtension):
    def _prepared(self) -> Document | None:
        document = _current.get()
        context = self.execution_context
        if document is None or document.node is None or document.text != context.query:
            return None
        return document

    def on_parse(self) -> Iterator[None]:
        document = self._prepared()
        if document is not None:
            self.execution_context.graphql_document = document.node
        yield

    def on_validate(self) -> Iterator[None]:
        document = self._prepared()
        context = self.execution_context
        if (
            document is not None
            and context.graphql_document is document.node
            and tuple(context.validation_rules) == VALIDATION_RULES
        ):
            context.pre_execution_errors = list(document.errors)
        yield
