"""The key webhooks are signed with: ``GATEWAY_WEBHOOK_SECRET`` when the operator set one, else
the secret this deployment generated at its first ``migrate`` (``gateway_secrets``, migration
0013; ``numbers-gateway webhook-secret`` shows it). Should that row be gone (a restored or
truncated database), a new one is generated here, so a webhook is never sent unsigned.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import gateway_secrets

WEBHOOK_SECRET = "webhook"  # noqa: S105 - the row's name, not a secret


async def webhook_secret(conn: AsyncConnection, configured: str, now: datetime) -> str:
    """The signing key in effect: ``configured`` (the setting) wins over the stored one."""
    if configured:
        return configured
    stored = await stored_webhook_secret(conn)
    return stored if stored is not None else await _generate(conn, now)


async def stored_webhook_secret(conn: AsyncConnection) -> str | None:
    query = select(gateway_secrets.c.value).where(gateway_secrets.c.name == WEBHOOK_SECRET)
    value = await conn.scalar(query)
    return None if value is None else str(value)


async def _generate(conn: AsyncConnection, now: datetime) -> str:
    """Store a new secret unless another runner just did; the one stored either way."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    row = {"name": WEBHOOK_SECRET, "value": secrets.token_urlsafe(32), "created_at": now}
    await conn.execute(insert(gateway_secrets).values(**row).on_conflict_do_nothing())
    stored = await stored_webhook_secret(conn)
    assert stored is not None
    return stored
