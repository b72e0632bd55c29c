"""A large import streams: ten times the rows costs (almost) no more memory.

Measured on the real command in a process of its own (peak resident set size), on SQLite: the
memory bound is the importer's (a thousand rows at a time), not the database's. README and the
branch report give the figure for 1,000,000 rows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.imports.support import many_catalog_lines
from tests.support import databases

PEAK_RSS = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.stderr, file=sys.stderr)
"""


def _peak_kb(rows: int, sqlite_template: Path, directory: Path) -> int:
    directory.mkdir()
    path = directory / "numbers.csv"
    with path.open("w", encoding="utf-8") as out:
        for line in many_catalog_lines(rows):
            out.write(line + "\n")
    url = databases.fresh_sqlite(sqlite_template, directory)
    command = [sys.executable, "-m", "gateway", "import-catalog", str(path), "--database", url]
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", PEAK_RSS, *command], capture_output=True, text=True, check=True
    )
    code, peak = done.stdout.split()
    assert code == "0", done.stderr
    assert f"{rows} new" in done.stderr
    return int(peak)


@pytest.mark.slow
def test_ten_times_the_rows_needs_no_more_memory(sqlite_template: Path, tmp_path: Path) -> None:
    small = _peak_kb(3_000, sqlite_template, tmp_path / "small")
    large = _peak_kb(30_000, sqlite_template, tmp_path / "large")
    # Holding the rows would cost over 2 KB each (some 60 MB more for the large file).
    assert large - small < 12_000, (small, large)
