"""A real gateway serving the demo data: what the client tests talk to."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.server import ServerProcess, running_gateway

DEMO_CATALOG_SIZE = 3_000
DEMO_OWNED = 60


@dataclass(frozen=True)
class DemoGateway:
    server: ServerProcess
    account_sid: str
    auth_token: str
    subaccount_sid: str
    database_url: str

    @property
    def graphql_url(self) -> str:
        return f"{self.server.base_url}/graphql"

    @property
    def websocket_url(self) -> str:
        return self.graphql_url.replace("http://", "ws://", 1)


def demo_size_options() -> list[str]:
    return ["--size", str(DEMO_CATALOG_SIZE), "--owned", str(DEMO_OWNED)]


def seed_demo_database(workdir: Path) -> tuple[str, dict[str, str]]:
    """A migrated SQLite file with a small demo catalog, made by the real CLI."""
    url = f"sqlite:///{workdir / 'demo.db'}"
    cli = [sys.executable, "-m", "gateway"]
    subprocess.run([*cli, "migrate", "--database", url], check=True, capture_output=True)  # noqa: S603
    return url, seed_demo(url)


def seed_demo(url: str) -> dict[str, str]:
    """Seed the migrated database at ``url`` with the demo data; the demo credentials."""
    command = [sys.executable, "-m", "gateway", "seed-demo", "--database", url, "--json"]
    seeded = subprocess.run(  # noqa: S603 - our own interpreter and module
        [*command, *demo_size_options()],
        check=True,
        capture_output=True,
        text=True,
    )
    credentials: dict[str, str] = json.loads(seeded.stdout.strip().splitlines()[-1])
    return credentials


@contextmanager
def serving_demo(
    workdir: Path,
    settings: dict[str, str],
    before_serving: Callable[[str], None] | None = None,
) -> Iterator[DemoGateway]:
    """A one-worker gateway over a freshly seeded demo database, with ``settings``;
    ``before_serving(url)`` runs against the database before the gateway starts."""
    url, credentials = seed_demo_database(workdir)
    if before_serving is not None:
        before_serving(url)
    with running_gateway(url, workdir, workers=1, settings=settings) as server:
        yield demo_on(server, credentials, url)


def demo_on(server: ServerProcess, credentials: dict[str, str], url: str) -> DemoGateway:
    """The demo accounts' credentials (as ``seed_demo`` returned them) on a running gateway."""
    return DemoGateway(
        server,
        credentials["accountSid"],
        credentials["authToken"],
        credentials["subaccountSid"],
        url,
    )
