"""A PostgreSQL bench database is measured with planner statistics, not on defaults."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bench.dataset import prepare
from gateway.database import create_engine
from gateway.settings import Settings
from tests.support import databases


async def _analyzed(url: str) -> bool:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            last = await conn.scalar(
                text(
                    "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'catalog_numbers'"
                )
            )
            return last is not None
    finally:
        await engine.dispose()


def test_a_seeded_postgresql_dataset_is_analyzed(tmp_path: Path) -> None:
    with databases.own_postgres_database() as url:
        assert not databases.run_blocking(_analyzed(url))
        dataset = prepare(url, 300, 10, 7, tmp_path, tmp_path / "cache")
        assert dataset.catalog_size == 300
        assert databases.run_blocking(_analyzed(url))
