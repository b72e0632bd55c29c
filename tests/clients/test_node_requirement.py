"""Without Node or npm the Node client tests are skipped, except under CI=true, where that is a
failure (CI must not pass by skipping the GraphQL-over-HTTP audits)."""

from __future__ import annotations

import shutil

import pytest

from tests.clients.node_clients import require_node


def test_missing_node_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required under CI=true"):
        require_node()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_node()
