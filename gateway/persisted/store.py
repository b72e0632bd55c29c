"""Persisted query documents, by the SHA-256 of their text, in the ``persisted_documents`` table
(so every gateway process of a deployment shares them).

Automatic persisted queries add *untrusted* rows; beyond ``max_untrusted`` of them the oldest
are deleted (first registered, first evicted: one indexed DELETE after each registration, and
registrations only happen on a miss). Trusted documents (``numbers-gateway documents
register``) are never evicted. A process keeps the texts it looked up in a small LRU: a hash
names one text forever, so that cache can never be wrong, only short of an eviction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.core.tables import persisted_documents as table
from schema.compiled.documents import Lru

CACHE_SIZE = 1024


@dataclass(frozen=True)
class StoredDocument:
    text: str
    trusted: bool


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class PersistedDocuments:
    def __init__(self, engine: AsyncEngine, max_untrusted: int) -> None:
        self.engine = engine
        self.max_untrusted = max_untrusted
        self._cache: Lru[str, StoredDocument] = Lru(CACHE_SIZE)

    async def lookup(self, sha256: str, *, need_trust: bool = False) -> StoredDocument | None:
        """The stored document; ``need_trust`` reads an untrusted cached one again (it may
        have been registered as trusted since)."""
        cached = self._cache.find(sha256)
        if cached is not None and (cached.trusted or not need_trust):
            return cached
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(table.c.document, table.c.trusted).where(table.c.sha256 == sha256)
                )
            ).first()
        found = StoredDocument(row.document, row.trusted) if row is not None else None
        if found is not None:
            self._cache.put(sha256, found)
        return found

    async def remember(self, sha256: str, text: str, now: datetime) -> None:
        """Store an automatic persisted query (a no-op when the hash is known), then evict."""
        if self._cache.find(sha256) is not None:
            return
        async with self.engine.begin() as conn:
            await _insert_new(conn, [{"sha256": sha256, "document": text}], False, now)
            await self._evict(conn)
        self._cache.put(sha256, StoredDocument(text, False))

    async def register_trusted(self, texts: Iterable[str], now: datetime) -> list[str]:
        """Store documents as trusted (already stored ones become trusted); their hashes."""
        rows = {sha256_hex(text): text for text in texts}
        async with self.engine.begin() as conn:
            await _insert_new(
                conn, [{"sha256": h, "document": t} for h, t in rows.items()], True, now
            )
            await conn.execute(
                update(table).where(table.c.sha256.in_(list(rows))).values(trusted=True)
            )
        return list(rows)

    async def _evict(self, conn: AsyncConnection) -> None:
        newest_kept = (
            select(table.c.id)
            .where(table.c.trusted.is_(False))
            .order_by(table.c.id.desc())
            .offset(self.max_untrusted)
            .limit(1)
            .scalar_subquery()
        )
        await conn.execute(
            delete(table).where(table.c.trusted.is_(False), table.c.id <= newest_kept)
        )


async def _insert_new(
    conn: AsyncConnection, rows: list[dict[str, str]], trusted: bool, now: datetime
) -> None:
    """Insert the rows whose hash is not stored yet (concurrent processes may race)."""
    if not rows:
        return
    values = [{**row, "trusted": trusted, "created_at": now.replace(tzinfo=None)} for row in rows]
    dialect_insert = postgresql_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=["sha256"])
    await conn.execute(statement, values)
