"""Persisted query documents: Apollo's automatic persisted queries and trusted documents
(README, "Persisted queries and trusted documents")."""

from __future__ import annotations

from gateway.persisted.protocol import (
    CLIENT_HEADER,
    GRAPHIQL_CLIENT,
    PersistedQueries,
    Refused,
    Resolved,
)
from gateway.persisted.store import PersistedDocuments, sha256_hex

__all__ = [
    "CLIENT_HEADER",
    "GRAPHIQL_CLIENT",
    "PersistedDocuments",
    "PersistedQueries",
    "Refused",
    "Resolved",
    "sha256_hex",
]
