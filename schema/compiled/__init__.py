"""Compiled execution of plain-data read queries (see ``executor``), and the prepared document
both executors receive (``documents``, ``prepared``)."""

from __future__ import annotations

from schema.compiled.documents import Document, prepare_document
from schema.compiled.executor import CompiledExecutor
from schema.compiled.prepared import PreparedDocument, using_document

__all__ = ["CompiledExecutor", "Document", "PreparedDocument", "prepare_document", "using_document"]
