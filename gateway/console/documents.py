"""The console's GraphQL documents: one operation per ``documents/*.graphql`` file.

The console sends only their hashes (persisted queries), so it works with
``GATEWAY_TRUSTED_DOCUMENTS_ONLY=true``: the gateway registers them as trusted documents the
first time a process serves the console page (idempotent, shared through the database), exactly
as ``numbers-gateway documents register gateway/console/documents/*.graphql`` would.
"""

from __future__ import annotations

import functools
from importlib import resources

from starlette.datastructures import State

from gateway.persisted import PersistedDocuments, sha256_hex
from resolvers.core.clock import Clock


@functools.cache
def console_documents() -> dict[str, str]:
    """Operation name (the file's stem) -> document text, exactly as the file reads."""
    folder = resources.files("gateway.console").joinpath("documents")
    return {
        entry.name.removesuffix(".graphql"): entry.read_text("utf-8")
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith(".graphql")
    }


@functools.cache
def document_hashes() -> dict[str, str]:
    """Operation name -> the SHA-256 the console sends as ``persistedQuery.sha256Hash``."""
    return {name: sha256_hex(text) for name, text in console_documents().items()}


async def register_console_documents(state: State, clock: Clock) -> None:
    """Make the console's documents trusted, once per process (``state`` is the app's)."""
    if getattr(state, "console_documents_registered", False):
        return
    store: PersistedDocuments = state.persisted_queries.store
    await store.register_trusted(console_documents().values(), clock.now())
    state.console_documents_registered = True
