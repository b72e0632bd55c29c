"""Moving a test's own database along the migration chain, for the tests of one migration."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.migrate import alembic_config


def revision_before(revision: str) -> str:
    """The revision ``revision`` follows (read from the chain, so re-chaining keeps tests right)."""
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(revision).down_revision
    assert isinstance(previous, str), previous
    return previous


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _step(engine, revision, down=True)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    await _step(engine, revision, down=False)


async def _step(engine: AsyncEngine, revision: str, *, down: bool) -> None:
    def run(connection: Connection) -> None:
        step = command.downgrade if down else command.upgrade
        step(alembic_config(connection), revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)
