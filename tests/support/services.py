"""Private PostgreSQL and Redis servers for fault tests: each on a free loopback port in a
temporary directory of its own, so a test may stop, kill and restart them without touching the
machine's services (tests/faults).

PostgreSQL's ``initdb`` refuses to run as root; under root the cluster belongs to the
``postgres`` system user and every ``pg_ctl`` call runs as that user (``runuser``). The
directory is made with ``tempfile`` (pytest's own temporary directories are private to root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.server import LOOPBACK, free_port

SERVICE_USER = "postgres"
START_TIMEOUT_SECONDS = 60


def _pg_bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        pytest.fail("pg_config not found: PostgreSQL's server binaries are needed")
    out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True)  # noqa: S603
    return Path(out.stdout.strip())


def _as_service_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVICE_USER, "--", *command]


def _private_directory(prefix: str) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(directory, SERVICE_USER)
    return directory


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of the test's own; ``stop`` and ``start`` as often as wanted."""

    directory: Path
    port: int
    bindir: Path

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@{LOOPBACK}:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@{LOOPBACK}:{self.port}/{name}"

    def _pg_ctl(self, *args: str) -> None:
        command = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", *args]
        subprocess.run(_as_service_user(command), check=True, capture_output=True)  # noqa: S603

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses={LOOPBACK}"
            " -c fsync=off -c max_connections=60"
        )
        log = str(self.directory / "postgres.log")
        self._pg_ctl("-o", options, "-l", log, "-t", str(START_TIMEOUT_SECONDS), "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast``: every session is ended at once (what a restart does to the gateway)."""
        self._pg_ctl("-m", mode, "stop")

    def log_tail(self, lines: int = 40) -> str:
        path = self.directory / "postgres.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    bindir = _pg_bindir()
    directory = _private_directory("gw-pg-")
    server = PrivatePostgres(directory, free_port(), bindir)
    initdb = [str(bindir / "initdb"), "-D", str(server.data), "-A", "trust", "-U", "postgres"]
    subprocess.run(  # noqa: S603
        _as_service_user([*initdb, "--no-sync", "-E", "UTF8"]), check=True, capture_output=True
    )
    try:
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A ``redis-server`` of the test's own, without persistence; kill and start it again."""

    directory: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.fail("redis-server not found")
        command = [executable, "--port", str(self.port), "--bind", LOOPBACK]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        with (self.directory / "redis.log").open("ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, self.port), 1):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server not listening on {self.port}")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    directory = Path(tempfile.mkdtemp(prefix="gw-redis-"))
    server = PrivateRedis(directory, free_port())
    try:
        server.start()
        yield server
    finally:
        server.kill()
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def small_filesystem(size_bytes: int) -> Iterator[Path]:
    """A ``tmpfs`` of ``size_bytes`` mounted on a temporary directory (needs root, as these
    tests run in CI): a disk that really fills up. Unmounted when the block ends."""
    directory = Path(tempfile.mkdtemp(prefix="gw-small-fs-"))
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(directory)]
    done = subprocess.run(mount, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        directory.rmdir()
        pytest.fail(f"cannot mount a small tmpfs (root needed): {done.stderr.strip()}")
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)  # noqa: S603, S607
        directory.rmdir()


def fill_up(path: Path) -> None:
    """Write zeros to ``path`` until its file system has no space left."""
    with path.open("wb", buffering=0) as filler:
        for size in (64 * 1024, 4096, 1):
            with contextlib.suppress(OSError):
                while filler.write(bytes(size)):
                    pass
