"""A running gateway per backend for the SDK tests (module scope: one startup per file and
backend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import databases


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served_database(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with databases.own_database(
        request.param, sqlite_template, tmp_path_factory.mktemp("served")
    ) as url:
        yield url
