"""Node clients driven by the test suite (``tests/clients/node``).

Node and npm come from the system (Debian's ``nodejs`` and ``npm``); the npm packages the
clients need are pinned in ``tests/clients/node/package-lock.json`` and installed by the test
set-up into ``tests/clients/node/node_modules`` (gitignored), once per test run. Without Node or
npm those tests are skipped, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).parent / "node"
INSTALL_LOCK = ".install.lock"  # gitignored, like node_modules
INSTALL_TIMEOUT_SECONDS = 300.0
RUN_TIMEOUT_SECONDS = 180.0


def require_node() -> tuple[str, str]:
    """The ``node`` and ``npm`` executables (skip, or fail under CI=true, without them)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return node, npm
    message = "Node and npm are required for the Node client tests (apt-get install nodejs npm)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI=true)")
    pytest.skip(message)


def install_node_packages(npm: str) -> None:
    """``npm install`` of the pinned packages (quick when node_modules is up to date), one
    test process at a time (pytest-xdist workers each run session fixtures)."""
    with (NODE_DIR / INSTALL_LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(  # noqa: S603 - the system's npm, our own package.json
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_DIR,
            check=True,
            capture_output=True,
            timeout=INSTALL_TIMEOUT_SECONDS,
        )


def run_node_script(node: str, script: str, env: dict[str, str]) -> Any:
    """Run ``tests/clients/node/<script>`` and decode the JSON it prints."""
    finished = subprocess.run(  # noqa: S603 - the system's node, our own script
        [node, script],
        cwd=NODE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)
