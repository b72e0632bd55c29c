"""Idempotency keys for mutations that move money (purchase, release, restore).

The key is claimed first, inside the mutation's transaction, in one statement (an upsert that
also takes over an expired key): a concurrent request with the same key waits on the primary
key and then sees the stored outcome. A replay within 24 hours returns
the original outcome (sids; the objects are read fresh) and changes nothing; the same key with
a different request is IDEMPOTENCY_KEY_REUSED. A failed mutation rolls back its claim.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, InvalidInput
from resolvers.core.tables import idempotency_keys as keys

KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 128
PENDING = "null"
Outcome = dict[str, Any]


def fingerprint(operation: str, request: Any) -> str:
    raw = orjson.dumps([operation, request], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(raw).hexdigest()


async def run_idempotent(
    conn: AsyncConnection,
    *,
    account_sid: str,
    key: str | None,
    operation: str,
    request_hash: str,
    now: datetime,
    work: Callable[[], Awaitable[Outcome]],
) -> Outcome:
    if key is None:
        return await work()
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(
            f"must be 1 to {MAX_KEY_LENGTH} characters", field=["input", "idempotencyKey"]
        )
    if not key.isprintable():  # PostgreSQL text cannot even hold a NUL
        raise InvalidInput(
            "must not contain control characters (such as NUL or a newline)",
            field=["input", "idempotencyKey"],
        )
    if not await _claim(conn, account_sid, key, operation, request_hash, now):
        return await _stored_outcome(conn, account_sid, key, operation, request_hash)
    outcome = await work()
    await conn.execute(
        keys.update()
        .where(keys.c.account_sid == account_sid, keys.c.key == key)
        .values(response=orjson.dumps(outcome).decode())
    )
    return outcome


async def _claim(
    conn: AsyncConnection,
    account_sid: str,
    key: str,
    operation: str,
    request_hash: str,
    now: datetime,
) -> bool:
    """Claim the key in one statement: insert it, or take over an expired one; False when a
    live key is stored (a concurrent claim of it waits for that transaction to end)."""
    insert: Any = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(keys)
    row = {
        "operation": operation,
        "request_hash": request_hash,
        "response": PENDING,
        "created_at": now,
        "expires_at": now + KEY_LIFETIME,
    }
    claimed = await conn.execute(
        insert.values(account_sid=account_sid, key=key, **row)
        .on_conflict_do_update(
            index_elements=[keys.c.account_sid, keys.c.key],
            set_=row,
            where=keys.c.expires_at <= now,
        )
        .returning(keys.c.key)
    )
    return claimed.first() is not None


async def _stored_outcome(
    conn: AsyncConnection,
    account_sid: str,
    key: str,
    operation: str,
    request_hash: str,
) -> Outcome:
    """The live key's stored outcome: a replay, unless the key was another request's."""
    where = (keys.c.account_sid == account_sid, keys.c.key == key)
    row = (await conn.execute(select(keys).where(*where))).one()
    if row.operation != operation or row.request_hash != request_hash:
        raise GatewayError(
            "this idempotency key was used for a different request in the last 24 hours",
            field=["input", "idempotencyKey"],
            code="IDEMPOTENCY_KEY_REUSED",
        )
    outcome: Outcome = orjson.loads(row.response)
    return outcome
