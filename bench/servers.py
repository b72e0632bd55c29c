"""uvicorn servers as subprocesses on free loopback ports, and their workers' memory.

Each server runs in a process group of its own and is stopped with the whole group. Its
workers are the server process itself (one worker: uvicorn serves in-process) or the children
uvicorn's supervisor spawned. Peak memory is the kernel's high-water mark (``VmHWM``), which
the harness resets before each measured phase (``clear_refs`` 5) to attribute peaks to it.
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
READY = "Application startup complete."
STARTUP_TIMEOUT_SECONDS = 120.0


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    port: int
    workers: int
    log_path: Path

    def worker_pids(self) -> list[int]:
        if self.workers == 1:
            return [self.process.pid]
        return [pid for pid in _children(self.process.pid) if _is_spawned_worker(pid)]

    def reset_peaks(self) -> bool:
        """Start the workers' high-water marks afresh; False where the kernel refuses."""
        reset = True
        for pid in self.worker_pids():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                reset = False
        return reset

    def peak_rss_mb(self) -> list[float]:
        """Each worker's peak resident memory (MB) since the last reset."""
        return [_status_kb(pid, "VmHWM") / 1024 for pid in self.worker_pids()]

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def gateway_command(workers: int) -> list[str]:
    return [sys.executable, "-m", "gateway", "serve", "--workers", str(workers)]


def floor_command(workers: int, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.floor_app:app_from_environment",
        "--factory",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def gateway_environment(database_url: str, port: int, workers: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GATEWAY_")}
    env.update(
        GATEWAY_DATABASE_URL=database_url,
        GATEWAY_HOST=LOOPBACK,
        GATEWAY_PORT=str(port),
        GATEWAY_WORKERS=str(workers),
        GATEWAY_LOG_LEVEL="warning",  # no access log: it would cost the gateway, not the floor
        GATEWAY_GRAPHIQL="false",
        GATEWAY_MIGRATE_ON_START="false",  # the harness migrated; workers stay lean
        GATEWAY_SEED_DEMO_ON_START="false",
        # One account asks for everything here: its rate limit (a policy, per account) would
        # cap the run at restore rate / query cost. Cost analysis itself still runs.
        GATEWAY_RATE_LIMIT_ENABLED="false",
        GATEWAY_JOBS_IN_PROCESS="false",  # no renewals or webhooks competing with the load
        # The purchase/release loop is release-then-buy churn by design: the fraud rule would
        # flag the bench account and suspend it mid-run (issue 13 item 5 checks purchases inline).
        GATEWAY_FRAUD_FLAG_THRESHOLD=str(10**9),
        GATEWAY_FRAUD_SUSPEND_THRESHOLD=str(10**9),
        PYTHONUNBUFFERED="1",
    )
    return env


@contextlib.contextmanager
def running(
    name: str,
    command: list[str],
    env: dict[str, str],
    port: int,
    workers: int,
    workdir: Path,
    code: Path | None = None,
) -> Iterator[Server]:
    """A server started from the checkout ``code`` (default: this one)."""
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=code or Path(__file__).parent.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, process, f"http://{LOOPBACK}:{port}", port, workers, log_path)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        stop(server)


@contextlib.contextmanager
def gateway_and_floor(
    database_url: str, account_sid: str, floor_scenarios: str, workers: int, workdir: Path
) -> Iterator[tuple[Server, Server]]:
    """The gateway and its floor side by side over one database, ``workers`` each; the floor
    serves ``floor_scenarios`` (their JSON) for ``account_sid``."""
    gateway_port, floor_port = free_port(), free_port()
    floor_env = gateway_environment(database_url, floor_port, workers) | {
        "BENCH_FLOOR_DATABASE_URL": database_url,
        "BENCH_FLOOR_ACCOUNT_SID": account_sid,
        "BENCH_FLOOR_SCENARIOS": floor_scenarios,
    }
    gateway_env = gateway_environment(database_url, gateway_port, workers)
    with (
        running(
            "gateway", gateway_command(workers), gateway_env, gateway_port, workers, workdir
        ) as gateway,
        running(
            "floor", floor_command(workers, floor_port), floor_env, floor_port, workers, workdir
        ) as floor,
    ):
        yield gateway, floor


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    with httpx.Client(base_url=server.base_url, timeout=5.0) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited:\n{server.log_tail()}")
            if len(server.worker_pids()) >= server.workers and _healthy(http):
                return
            time.sleep(0.1)
    raise RuntimeError(f"{server.name} not ready in {STARTUP_TIMEOUT_SECONDS} s")


def _healthy(http: httpx.Client) -> bool:
    try:
        return http.get("/healthz").status_code == 200
    except httpx.TransportError:
        return False


def stop(server: Server) -> None:
    group = server.process.pid  # start_new_session: the leader's pid is the group id
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
    server.process.wait()


def _children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children += [int(child) for child in (task / "children").read_text().split()]
    return children


def _is_spawned_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in command and b"resource_tracker" not in command


def _status_kb(pid: int, key: str) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0
