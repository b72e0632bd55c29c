"""The Alembic migrations build exactly the tables ``resolvers/core/tables.py`` describes.

A column, index or table added to one but not the other would work in one code path (tests
that build from metadata, say) and fail in production; autogenerate's comparison catches it.
"""

from __future__ import annotations

import warnings
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.tables import metadata

# Search helpers that only exist in the database (migrations 0002 and 0014), not in the
# metadata: the FTS5 and R*Tree tables (and their shadow tables), the GiST index.
DATABASE_ONLY = ("catalog_numbers_fts", "catalog_numbers_geo", "alembic_version")


def _relevant(diff: Any) -> bool:
    text = repr(diff)
    return not any(name in text for name in DATABASE_ONLY) and "trgm" not in text


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": False}
    )
    with warnings.catch_warnings():
        # SQLite's reflection cannot read the expression indexes (lower(region), 0014);
        # PostgreSQL's can, and compares them.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        diffs = compare_metadata(context, metadata)
    return [diff for diff in diffs if _relevant(diff)]


async def test_migrated_database_matches_table_definitions(database_url: str) -> None:
    engine = create_engine(Settings(database_url=database_url))
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
