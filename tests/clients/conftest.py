"""One real gateway, seeded with the demo data, shared by the client tests of this package.

The clients here (a browser, gql over HTTP, a graphql-transport-ws client, Node scripts) talk
to it over loopback exactly as a user's would, with the README's demo credentials. SQLite only:
what these tests check is the wire, not the database (every database test runs on both
elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.clients.demo import DemoGateway, serving_demo
from tests.clients.node_clients import install_node_packages, require_node


@pytest.fixture(scope="package")
def demo_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoGateway]:
    workdir = tmp_path_factory.mktemp("clients")
    with serving_demo(workdir, {"GATEWAY_GRAPHIQL": "true"}) as demo:
        yield demo


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` executable, with the pinned npm packages installed (once per run)."""
    node, npm = require_node()
    install_node_packages(npm)
    return node
