"""The GraphQL-over-HTTP audit suite (npm ``graphql-http``, its ``serverAudits``) against a
running gateway, HTTP Basic credentials added to every audit request: every audit, MUST and
SHOULD alike, is ok (a warning is a failure here)."""

from __future__ import annotations

from tests.clients.demo import DemoGateway
from tests.clients.node_clients import run_node_script

EXPECTED_AUDITS = 61


def test_every_graphql_over_http_audit_passes(demo_gateway: DemoGateway, node: str) -> None:
    results = run_node_script(
        node,
        "audit_server.mjs",
        {
            "GRAPHQL_URL": demo_gateway.graphql_url,
            "GRAPHQL_AUTH": f"{demo_gateway.account_sid}:{demo_gateway.auth_token}",
        },
    )
    not_ok = [
        f"{result['id']} {result['status']}: {result['name']} ({result['reason']})"
        for result in results
        if result["status"] != "ok"
    ]
    assert not_ok == []
    assert len(results) == EXPECTED_AUDITS
