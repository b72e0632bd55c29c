"""A serving worker imports only what serving needs: migrating (alembic), Redis, the PostgreSQL
LISTEN driver, webhook delivery (httpx, with the CLI libraries it pulls in) and the numbering
plan's carrier names are imported when used. Each is several MB of every worker's resident
memory (issue 12 item 6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).parent.parent.parent
LAZY = (
    *("alembic", "mako", "redis", "asyncpg", "httpx", "click", "rich", "pygments"),
    "phonenumbers.carrier",  # the numbering plan's carrier names: a lookup's fallback
)

PROBE = f"""
import sys, orjson
from gateway.app import create_app
from gateway.settings import Settings
create_app(Settings(database_url="sqlite:///unused.db", migrate_on_start=False))
print(orjson.dumps([name for name in {LAZY!r} if name in sys.modules]).decode())
"""


def test_an_app_without_migrations_or_redis_imports_none_of_their_libraries() -> None:
    done = subprocess.run(  # noqa: S603 (our own interpreter and probe)
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, check=True, timeout=120
    )
    assert orjson.loads(done.stdout) == []


CLI_PROBE = """
import sys, orjson
import gateway.cli
loaded = {name.split(".")[0] for name in sys.modules} & {"rich", "pygments"}
print(orjson.dumps(sorted(loaded)).decode())
"""


def test_the_cli_that_serves_one_worker_itself_loads_no_terminal_output_library() -> None:
    """With one worker, ``numbers-gateway serve`` is the serving process: rich (the commands'
    output) is imported only by the commands that print."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and probe)
        [sys.executable, "-c", CLI_PROBE], cwd=ROOT, capture_output=True, check=True, timeout=120
    )
    assert orjson.loads(done.stdout) == []
