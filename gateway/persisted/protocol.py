"""Apollo's automatic persisted queries and trusted documents: from a request's
``extensions.persistedQuery {version: 1, sha256Hash}`` to the query text to analyse.

- Hash and query: the hash must be the query's SHA-256 (else 400
  ``PERSISTED_QUERY_HASH_MISMATCH``); the endpoint stores the query once it validates.
- Hash alone: the stored text runs; an unknown hash answers ``PersistedQueryNotFound`` (code
  ``PERSISTED_QUERY_NOT_FOUND``) with HTTP 200, and the client retries with the query.
- Trusted documents only (``GATEWAY_TRUSTED_DOCUMENTS_ONLY``): whichever way a document comes
  (hash, hash and query, or a plain query), its hash must have been registered with
  ``numbers-gateway documents register``; else 403 ``TRUSTED_DOCUMENT_REQUIRED``, and nothing
  new is stored. GraphiQL's requests are exempt while GraphiQL is enabled (README).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from strawberry.http import GraphQLRequestData

from gateway.persisted.store import PersistedDocuments, sha256_hex

EXTENSION = "persistedQuery"
# GraphiQL's page names itself in this header (HTTP) or connection_init parameter (WebSocket).
CLIENT_HEADER = "x-gateway-client"
GRAPHIQL_CLIENT = "graphiql"
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
INVALID = "PERSISTED_QUERY_INVALID"
TRUSTED_DOCUMENT_REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"


@dataclass(frozen=True)
class Resolved:
    request_data: GraphQLRequestData  # with the query text, without the persistedQuery entry
    remember: str | None = None  # the hash to store the query under once it validates


@dataclass(frozen=True)
class Refused:
    status: int
    error: GraphQLError


class PersistedQueries:
    def __init__(self, store: PersistedDocuments, trusted_only: bool) -> None:
        self.store = store
        self.trusted_only = trusted_only

    async def resolve(self, data: GraphQLRequestData, *, any_document: bool) -> Resolved | Refused:
        """``any_document``: the trusted-documents rule does not apply (GraphiQL)."""
        extensions = dict(data.extensions or {})
        persisted = extensions.pop(EXTENSION, None)
        trusted_only = self.trusted_only and not any_document
        if persisted is None:
            query = data.query
            if trusted_only and query is not None and not await self._is_trusted(sha256_hex(query)):
                return _untrusted()
            return Resolved(data)
        sha256 = _hash_of(persisted)
        if sha256 is None:
            return Refused(400, _error(_INVALID_MESSAGE, INVALID))
        rest = dataclasses.replace(data, extensions=extensions or None)
        if data.query is not None:
            return await self._with_query(rest, data.query, sha256, trusted_only)
        stored = await self.store.lookup(sha256, need_trust=trusted_only)
        if trusted_only and (stored is None or not stored.trusted):
            return _untrusted()
        if stored is None:
            return Refused(200, _error("PersistedQueryNotFound", NOT_FOUND))
        return Resolved(dataclasses.replace(rest, query=stored.text))

    async def _with_query(
        self, data: GraphQLRequestData, query: str, sha256: str, trusted_only: bool
    ) -> Resolved | Refused:
        if sha256_hex(query) != sha256:
            message = "the persistedQuery sha256Hash is not the SHA-256 of the query sent"
            return Refused(400, _error(message, HASH_MISMATCH))
        if trusted_only:
            return Resolved(data) if await self._is_trusted(sha256) else _untrusted()
        return Resolved(data, remember=sha256)

    async def _is_trusted(self, sha256: str) -> bool:
        stored = await self.store.lookup(sha256, need_trust=True)
        return stored is not None and stored.trusted


_INVALID_MESSAGE = (
    "extensions.persistedQuery must be {version: 1, sha256Hash: <64 lowercase hex digits>}"
)


def _hash_of(persisted: Any) -> str | None:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        return None
    sha256 = persisted.get("sha256Hash")
    return sha256 if isinstance(sha256, str) and SHA256_HEX.fullmatch(sha256) else None


def _untrusted() -> Refused:
    message = (
        "this gateway only runs trusted documents: register the document with "
        "`numbers-gateway documents register` and send its sha256Hash"
    )
    return Refused(403, _error(message, TRUSTED_DOCUMENT_REQUIRED))


def _error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})
