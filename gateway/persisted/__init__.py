"""Persisted query documents: Apollo's automatic persisted queries and trusted documents
(README, "Persisted queries and trusted documents")."""

from __future__ import annotations

from gateway.persisted.protocol import PersistedQueries, Refused, Resolved
from gateway.persisted.store import PersistedDocuments, sha256_hex

__all__ = ["PersistedDocuments", "PersistedQueries", "Refused", "Resolved", "sha256_hex"]
