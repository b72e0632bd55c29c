"""Helpers of the console's browser test: its own gateway (trusted documents only), the API
asked directly, and what the page shows read back.

The gateway runs with ``GATEWAY_TRUSTED_DOCUMENTS_ONLY=true`` and GraphiQL off: the console
must work on its persisted queries alone. The test asks the API the same operations by hash
(the console's documents), and a few checks of its own, registered as trusted documents with
the real CLI before the gateway starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from gateway.console.documents import document_hashes
from tests.clients.demo import DemoGateway, serving_demo

ARTIFACTS_ENV = "GATEWAY_TEST_ARTIFACTS"
CHECKS = {
    "CheckNumber": """
query CheckNumber($phoneNumber: String) {
  activeNumber(phoneNumber: $phoneNumber) {
    sid phoneNumber configuration { voice { url } sms { url } }
  }
}
""",
    "CheckEvents": """
query CheckEvents($nodeSid: String, $kind: [String!]) {
  numberEvents(nodeSid: $nodeSid, kind: $kind, first: 20) { nodes { sid kind nodeSid } }
}
""",
}


@contextmanager
def trusted_only_gateway(workdir: Path) -> Iterator[DemoGateway]:
    settings = {"GATEWAY_TRUSTED_DOCUMENTS_ONLY": "true", "GATEWAY_GRAPHIQL": "false"}
    with serving_demo(
        workdir, settings, before_serving=lambda url: register_checks(url, workdir)
    ) as demo:
        yield demo


def register_checks(url: str, workdir: Path) -> None:
    files = []
    for name, text in CHECKS.items():
        path = workdir / f"{name}.graphql"
        path.write_text(text)
        files.append(str(path))
    command = [sys.executable, "-m", "gateway", "documents", "register", "--database", url]
    subprocess.run([*command, *files], check=True, capture_output=True)  # noqa: S603


def post(demo: DemoGateway, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        demo.graphql_url, json=body, auth=(demo.account_sid, demo.auth_token), timeout=30.0
    )


def console_operation(
    demo: DemoGateway, operation: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """The API's own answer to one of the console's documents, asked by hash as it does."""
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": document_hashes()[operation]}}
    response = post(
        demo, {"operationName": operation, "variables": variables, "extensions": extensions}
    )
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    return body


def check(demo: DemoGateway, name: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = post(demo, {"query": CHECKS[name], "variables": variables})
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def flat_capabilities(capabilities: dict[str, Any]) -> dict[str, Any]:
    """{"voice.fax": False, ...}: the paths the page's capability tree carries."""
    flat: dict[str, Any] = {}
    for kind, leaves in capabilities.items():
        if leaves is None:
            flat[kind] = None
            continue
        for name, value in leaves.items():
            flat[f"{kind}.{name}"] = value
    return flat


def artifacts_folder(tmp_path: Path) -> Path:
    """Where the screenshot goes: ``$GATEWAY_TEST_ARTIFACTS`` if set, else the test's tmp."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
