"""A real gateway for end-to-end tests: ``python -m gateway serve`` as a subprocess.

The server runs in a process group of its own (uvicorn's supervisor plus its workers) on a free
loopback port, logs to a file, and is always stopped with the whole group, even when the test
fails. Readiness means ``/healthz`` answers and every worker has logged its startup. Nothing
here needs an event loop, so module-scoped fixtures can share one server between tests.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 20.0
WORKER_READY = "Application startup complete."
PORT_ATTEMPTS = 3
# Access-log lines say nothing about a failure; the tail printed on failure leaves them out.
ACCESS_LOG_MARKERS = ('"POST /graphql HTTP/1.1" 200', '"GET /healthz HTTP/1.1" 200')


class ServerFailedToStart(RuntimeError):
    pass


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    workers: int

    def log_tail(self, lines: int = 80) -> str:
        """The last ``lines`` lines of the server's log, access-log lines left out."""
        if not self.log_path.exists():
            return "(no server log)"
        text = self.log_path.read_text(errors="replace")
        kept = [
            line
            for line in text.splitlines()
            if not any(marker in line for marker in ACCESS_LOG_MARKERS)
        ]
        return "\n".join(kept[-lines:])

    def log_count(self, needle: str) -> int:
        if not self.log_path.exists():
            return 0
        return self.log_path.read_text(errors="replace").count(needle)

    @contextlib.contextmanager
    def tail_on_failure(self) -> Iterator[None]:
        """Print the log's tail when the block raises (pytest shows it with the failure)."""
        try:
            yield
        except BaseException:
            print(f"--- gateway log tail ({self.log_path}) ---\n{self.log_tail()}")
            raise


def free_port() -> int:
    """A port that was free on the loopback interface a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def server_environment(
    database_url: str, port: int, workers: int, settings: dict[str, str] | None = None
) -> dict[str, str]:
    """This process's environment without any ``GATEWAY_*`` setting, plus the server's own
    (``settings`` adds or overrides ``GATEWAY_*`` variables)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GATEWAY_")}
    env.update(
        GATEWAY_DATABASE_URL=database_url,
        GATEWAY_HOST=LOOPBACK,
        GATEWAY_PORT=str(port),
        GATEWAY_WORKERS=str(workers),
        GATEWAY_LOG_LEVEL="info",
        GATEWAY_GRAPHIQL="false",
        GATEWAY_SEED_DEMO_ON_START="false",
        GATEWAY_JOBS_IN_PROCESS="false",  # the tests run the passes when they mean to
        PYTHONUNBUFFERED="1",
    )
    env.update(settings or {})
    return env


@contextlib.contextmanager
def running_gateway(
    database_url: str,
    workdir: Path,
    *,
    workers: int = 2,
    settings: dict[str, str] | None = None,
) -> Iterator[ServerProcess]:
    """Serve ``database_url`` until the block ends; print the log's tail if the block fails."""
    server = _start(database_url, workdir, workers, settings)
    try:
        with server.tail_on_failure():
            yield server
    finally:
        stop(server)


def _start(
    database_url: str, workdir: Path, workers: int, settings: dict[str, str] | None
) -> ServerProcess:
    for attempt in range(1, PORT_ATTEMPTS + 1):
        server = _spawn(database_url, workdir, workers, attempt, settings)
        try:
            _wait_until_ready(server)
        except ServerFailedToStart:
            stop(server)
            taken = server.log_count("address already in use") > 0
            if taken and attempt < PORT_ATTEMPTS:
                continue  # someone took the port between probing and binding
            print(f"--- gateway log tail ({server.log_path}) ---\n{server.log_tail()}")
            raise
        except BaseException:
            stop(server)
            raise
        return server
    raise AssertionError("unreachable")


def _spawn(
    database_url: str,
    workdir: Path,
    workers: int,
    attempt: int,
    settings: dict[str, str] | None,
) -> ServerProcess:
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / f"gateway-{port}-{attempt}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "gateway", "serve", "--workers", str(workers)],
            cwd=workdir,
            env=server_environment(database_url, port, workers, settings),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one
        )
    return ServerProcess(process, f"http://{LOOPBACK}:{port}", log_path, workers)


def _wait_until_ready(server: ServerProcess) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    with httpx.Client(base_url=server.base_url, timeout=5.0) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise ServerFailedToStart(f"gateway exited with {server.process.returncode}")
            if server.log_count(WORKER_READY) >= server.workers and _healthy(http):
                return
            time.sleep(0.1)
    raise ServerFailedToStart(f"gateway not ready after {STARTUP_TIMEOUT_SECONDS} s")


def _healthy(http: httpx.Client) -> bool:
    try:
        response = http.get("/healthz")
    except httpx.TransportError:
        return False
    return response.status_code == 200


def stop(server: ServerProcess) -> None:
    """SIGTERM the whole process group, then SIGKILL whatever is left of it."""
    group = server.process.pid  # start_new_session: the leader's pid is the group id
    _signal_group(group, signal.SIGTERM)
    try:
        server.process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _signal_group(group, signal.SIGKILL)
        server.process.wait()
    # Workers outliving their supervisor would keep the port and the database busy.
    _signal_group(group, signal.SIGKILL)


def _signal_group(group: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)
