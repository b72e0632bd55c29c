"""The seeded database a run measures, cached so that reruns do not seed again.

SQLite: the demo seeder writes ``bench/.cache/<key>.db`` once (key: catalog size, owned count,
seed and a hash of the seeder's sources, so a changed seeder seeds afresh), and each run works
on a copy, so the purchase/release loop never changes the cache. PostgreSQL: the database named
by ``--database`` is created when missing and seeded when empty; a run reuses it (the loop's
purchases and releases stay in it: a handful of aged numbers and ledger rows per run).
The demo credentials are kept next to the cache (``<key>.json``).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import orjson
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.settings import Settings
from resolvers.core.tables import catalog_numbers

CACHE = Path(__file__).parent / ".cache"
SEEDER_SOURCES = Path(__file__).parent.parent / "gateway" / "seed"


@dataclass(frozen=True)
class Dataset:
    url: str  # what the servers serve (a working copy for SQLite)
    account_sid: str
    auth_token: str
    catalog_size: int
    owned: int
    seeded_seconds: float | None  # None when the cache was reused

    @property
    def dialect(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"


def seeder_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(SEEDER_SOURCES.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv"):
            digest.update(path.relative_to(SEEDER_SOURCES).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def cache_key(prefix: str, catalog_size: int, owned: int, seed: int) -> str:
    return f"{prefix}-c{catalog_size}-o{owned}-s{seed}-{seeder_hash()}"


def prepare(
    database: str | None,
    catalog_size: int,
    owned: int,
    seed: int,
    workdir: Path,
    cache: Path = CACHE,
) -> Dataset:
    """A migrated, seeded database for this run (seeding only when nothing is cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    if database is None or database.startswith("sqlite"):
        return _sqlite(catalog_size, owned, seed, workdir, cache)
    return _postgresql(database, catalog_size, owned, seed, cache)


def _sqlite(catalog_size: int, owned: int, seed: int, workdir: Path, cache: Path) -> Dataset:
    key = cache_key("sqlite", catalog_size, owned, seed)
    cached, sidecar = cache / f"{key}.db", cache / f"{key}.json"
    seconds = None
    if not (cached.exists() and sidecar.exists()):
        partial = cache / f"{key}.partial.db"
        for stale in cache.glob(f"{key}.partial.db*"):
            stale.unlink()
        seconds = _seed(f"sqlite:///{partial}", catalog_size, owned, seed, sidecar)
        partial.rename(cached)
        _drop_stale(cache, key)
    asyncio.run(_migrate(f"sqlite:///{cached}"))  # later migrations upgrade the cache in place
    copy = workdir / "bench.db"
    shutil.copyfile(cached, copy)
    return _dataset(f"sqlite:///{copy}", sidecar, catalog_size, owned, seconds)


def _drop_stale(cache: Path, key: str) -> None:
    """Remove this dataset's caches seeded by an earlier seeder (another hash)."""
    stem = key.rsplit("-", 1)[0]
    for path in cache.glob(f"{stem}-*"):
        if not path.name.startswith(key):
            path.unlink()


def _postgresql(url: str, catalog_size: int, owned: int, seed: int, cache: Path) -> Dataset:
    name = make_url(url).database or "bench"
    sidecar = cache / f"{cache_key('postgresql-' + name, catalog_size, owned, seed)}.json"
    asyncio.run(_create_database(url))
    asyncio.run(_migrate(url))
    existing = asyncio.run(_catalog_count(url))
    seconds = None
    if existing == 0:
        seconds = _seed(url, catalog_size, owned, seed, sidecar)
    elif existing != catalog_size or not sidecar.exists():
        raise SystemExit(
            f"{url} holds {existing:,} catalog numbers not seeded by this harness for "
            f"--catalog-size {catalog_size:,}: drop that database or name an empty one"
        )
    asyncio.run(_analyze(url))
    return _dataset(url, sidecar, catalog_size, owned, seconds)


def _dataset(
    url: str, sidecar: Path, catalog_size: int, owned: int, seconds: float | None
) -> Dataset:
    credentials = orjson.loads(sidecar.read_bytes())
    return Dataset(
        url, credentials["accountSid"], credentials["authToken"], catalog_size, owned, seconds
    )


def _seed(url: str, catalog_size: int, owned: int, seed: int, sidecar: Path) -> float:
    """``numbers-gateway seed-demo`` (its progress bar on our terminal); returns seconds."""
    print(f"seeding {catalog_size:,} catalog numbers ({owned:,} owned) into {url} …", flush=True)
    started = time.perf_counter()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GATEWAY_")}
    command = [sys.executable, "-m", "gateway", "seed-demo", "--database", url]
    command += ["--size", str(catalog_size), "--owned", str(owned), "--seed", str(seed), "--json"]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, check=True)
    sidecar.write_bytes(done.stdout.strip() + b"\n")
    seconds = time.perf_counter() - started
    print(f"seeded in {seconds:.0f} s (cached for the next runs)", flush=True)
    return seconds


async def _migrate(url: str) -> None:
    engine = create_engine(Settings(database_url=url))
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


async def _analyze(url: str) -> None:
    """Planner statistics for the fresh data: a server without autovacuum (or one that has
    not run yet) would otherwise plan on defaults, e.g. walk the whole market for a ``near``
    search instead of reading the spatial index (237 ms vs 25 ms at 100,000 numbers)."""
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            await conn.execute(text("ANALYZE"))
            await conn.commit()
    finally:
        await engine.dispose()


async def _catalog_count(url: str) -> int:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(catalog_numbers)) or 0)
    finally:
        await engine.dispose()


async def _create_database(url: str) -> None:
    """CREATE DATABASE when it is missing (through the server's ``postgres`` database)."""
    import asyncpg

    target = make_url(url)
    name = target.database
    if not name:
        raise SystemExit(f"{url} names no database")
    conn = await asyncpg.connect(
        host=target.host or "127.0.0.1",
        port=target.port or 5432,
        user=target.username or "postgres",
        password=target.password,
        database="postgres",
    )
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            quoted = '"' + name.replace('"', '""') + '"'
            await conn.execute(f"CREATE DATABASE {quoted}")
    finally:
        await conn.close()
