"""A fresh database per backend and module for the gateways these tests run as processes
(the same arrangement as tests/concurrency/conftest.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.events.served import CallerFactory, callers
from tests.support import databases
from tests.support.server import LOOPBACK, free_port


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served_database(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with databases.own_database(
        request.param, sqlite_template, tmp_path_factory.mktemp("served")
    ) as url:
        yield url


@pytest.fixture(scope="module")
def served_postgres() -> Iterator[str]:
    with databases.own_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway ``redis-server`` on a free loopback port."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required under CI=true)")
        pytest.skip(message)
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(  # noqa: S603 - a local binary with fixed arguments
        [
            binary,
            "--port",
            str(port),
            "--bind",
            LOOPBACK,
            "--save",
            "",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        yield f"redis://{LOOPBACK}:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not listen on port {port}")


@pytest.fixture
async def call_as() -> AsyncIterator[CallerFactory]:
    """``call_as(server, account)``: a Caller whose connections close after the test."""
    async with callers() as factory:
        yield factory
