"""Every pooled SQLite connection keeps the small page cache of its own that
``gateway.database`` gives it: resident memory per connection, not SQLite's default 2 MB."""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy import text

from gateway.database import SQLITE_CACHE_KIB, create_engine
from gateway.settings import Settings
from tests.support import databases


async def test_each_connection_keeps_a_small_page_cache(
    sqlite_template: Path, tmp_path: Path
) -> None:
    url = databases.fresh_sqlite(sqlite_template, tmp_path)
    engine = create_engine(Settings(database_url=url))
    try:
        async with contextlib.AsyncExitStack() as held:
            connections = [await held.enter_async_context(engine.connect()) for _ in range(3)]
            sizes = [
                (await conn.execute(text("PRAGMA cache_size"))).scalar_one() for conn in connections
            ]
    finally:
        await engine.dispose()
    assert sizes == [-SQLITE_CACHE_KIB] * 3  # negative: KiB
    assert SQLITE_CACHE_KIB < 2000  # SQLite's default is -2000
