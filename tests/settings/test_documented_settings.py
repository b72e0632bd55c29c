"""Every setting is documented, and every documented setting is proven to reach each code path
that uses it.

README.md documents the ``GATEWAY_*`` variables in its tables (Configuration; Limits and
security). ``PROOFS`` names, for each one and each path that uses it, the test that shows the
variable changes what that path does:

- ``JOBS``: ``jobs run``/``jobs serve``, which map the settings to the passes' environment
  (``gateway.job_settings``) and open an engine;
- ``DELIVERY``: ``serve`` with in-process webhook delivery (``GATEWAY_WEBHOOK_DELIVERY_INTERVAL``
  above 0), which runs the delivery pass with that same mapping;
- ``SERVE``: the gateway itself.

Tests outside ``tests/settings/`` are the ones that already cover a setting. The paths a
setting needs are not left to memory: whatever the jobs' mapping reads needs a ``JOBS`` proof,
and whatever webhook delivery obeys needs a ``DELIVERY`` proof too.
"""

from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from gateway.job_settings import job_environment
from gateway.settings import Settings
from resolvers.core.clock import FixedClock

ROOT = Path(__file__).parents[2]
JOBS, DELIVERY, SERVE = "jobs run/serve", "serve: in-process delivery", "serve"

JOBS_CLI = "tests/jobs/test_cli.py::"
JOBS_PATH = "tests/settings/test_jobs_command_settings.py::"
DELIVERY_PATH = "tests/settings/test_in_process_delivery_settings.py::"
SERVE_PATH = "tests/settings/test_serve_settings.py::"
RUNNING = "tests/concurrency/test_running_gateway.py::test_forty_buyers_race_for_ten_numbers"
LIMITS = "tests/protection/test_limits.py::"
HTTP_LIMITS = "tests/protection/test_http_limits.py::"
RATE = "tests/protection/test_rate_limit.py::"
URL_POLICY = "tests/security/test_url_policy.py::test_configuration_can_allow_private_callbacks"

WEBHOOKS_BY_JOBS = JOBS_PATH + "test_batch_size_attempts_retry_delay_secret_and_allowed_hosts"
WEBHOOKS_IN_PROCESS = DELIVERY_PATH + "test_attempts_retry_delay_secret_and_allowed_hosts"
BATCH_IN_PROCESS = DELIVERY_PATH + "test_batch_size_and_private_webhooks"
FRAUD = JOBS_PATH + "test_fraud_window_and_thresholds"
RECLAIM = JOBS_PATH + "test_reclaim_grace_and_batch_size"
BUSY = SERVE_PATH + "test_sqlite_busy_timeout_in_serve_and_jobs"
POOL = SERVE_PATH + "test_pool_size_in_serve_and_jobs"
AUTH_CACHE = (
    "tests/gateway/test_auth_cache.py::"
    "test_closing_an_account_is_refused_by_every_process_within_the_bound"
)
HOST_AND_LOG = SERVE_PATH + "test_host_and_log_level"
DOCUMENT_LIMITS = SERVE_PATH + "test_document_limits"
SHARED_BUCKET = RATE + "test_two_gateways_sharing_redis_share_a_bucket"
EMPTY_BUCKET = RATE + "test_an_empty_bucket_answers_429_until_it_refills"
RENEWAL_CLAIMS = JOBS_PATH + "test_renewal_accounts_per_claim"
IN_PROCESS_JOBS = "tests/settings/test_in_process_jobs.py::test_the_setting_and_the_interval"
APQ = "tests/persisted/test_automatic_persisted_queries.py::"
TRUSTED = "tests/persisted/test_trusted_documents.py::"

# variable -> {code path -> the test proving the variable reaches it}
PROOFS: dict[str, dict[str, str]] = {
    "GATEWAY_DATABASE_URL": {
        JOBS: JOBS_CLI + "test_jobs_serve_takes_its_database_and_interval_from_the_environment",
        SERVE: RUNNING,
    },
    "GATEWAY_HOST": {SERVE: HOST_AND_LOG},
    "GATEWAY_PORT": {SERVE: RUNNING},
    "GATEWAY_WORKERS": {SERVE: RUNNING},  # ready only once every worker has started
    "GATEWAY_GRAPHIQL": {SERVE: HTTP_LIMITS + "test_graphiql_can_be_switched_off"},
    "GATEWAY_CONSOLE": {
        SERVE: "tests/clients/test_console_assets.py::test_no_console_when_it_is_switched_off"
    },
    "GATEWAY_MIGRATE_ON_START": {SERVE: SERVE_PATH + "test_migrate_on_start"},
    "GATEWAY_SEED_DEMO_ON_START": {SERVE: SERVE_PATH + "test_seed_demo_on_start"},
    "GATEWAY_LOG_LEVEL": {SERVE: HOST_AND_LOG},
    "GATEWAY_SQLITE_BUSY_TIMEOUT_MS": {SERVE: BUSY, JOBS: BUSY},
    "GATEWAY_POOL_SIZE": {SERVE: POOL, JOBS: POOL},
    "GATEWAY_SQLITE_CONCURRENT_REQUESTS": {SERVE: SERVE_PATH + "test_sqlite_concurrent_requests"},
    "GATEWAY_AUTH_CACHE_SECONDS": {SERVE: AUTH_CACHE},
    "GATEWAY_JOBS_INTERVAL_SECONDS": {
        JOBS: JOBS_CLI + "test_jobs_serve_takes_its_database_and_interval_from_the_environment"
    },
    "GATEWAY_JOBS_IN_PROCESS": {SERVE: IN_PROCESS_JOBS},
    "GATEWAY_JOBS_IN_PROCESS_INTERVAL_SECONDS": {SERVE: IN_PROCESS_JOBS},
    "GATEWAY_JOBS_BATCH_SIZE": {JOBS: WEBHOOKS_BY_JOBS, DELIVERY: BATCH_IN_PROCESS},
    "GATEWAY_JOBS_RENEWAL_ACCOUNTS_PER_CLAIM": {JOBS: RENEWAL_CLAIMS},
    "GATEWAY_RECLAIM_GRACE_DAYS": {JOBS: RECLAIM},
    "GATEWAY_RECLAIM_BATCH_SIZE": {JOBS: RECLAIM},
    "GATEWAY_FRAUD_WINDOW_HOURS": {JOBS: FRAUD},
    "GATEWAY_FRAUD_FLAG_THRESHOLD": {JOBS: FRAUD},
    "GATEWAY_FRAUD_SUSPEND_THRESHOLD": {JOBS: FRAUD, SERVE: SERVE_PATH + "test_aging_and_churn"},
    "GATEWAY_AGING_DAYS": {JOBS: RECLAIM, SERVE: SERVE_PATH + "test_aging_and_churn"},
    "GATEWAY_WEBHOOK_MAX_ATTEMPTS": {JOBS: WEBHOOKS_BY_JOBS, DELIVERY: WEBHOOKS_IN_PROCESS},
    "GATEWAY_WEBHOOK_FIRST_RETRY_SECONDS": {JOBS: WEBHOOKS_BY_JOBS, DELIVERY: WEBHOOKS_IN_PROCESS},
    "GATEWAY_WEBHOOK_SECRET": {JOBS: WEBHOOKS_BY_JOBS, DELIVERY: WEBHOOKS_IN_PROCESS},
    "GATEWAY_WEBHOOK_DELIVERY_INTERVAL": {DELIVERY: WEBHOOKS_IN_PROCESS},
    "GATEWAY_EVENTS_POLL_INTERVAL": {SERVE: SERVE_PATH + "test_events_poll_interval"},
    "GATEWAY_PERSISTED_QUERIES_MAX": {
        SERVE: APQ + "test_the_store_keeps_the_newest_documents_up_to_its_bound"
    },
    "GATEWAY_TRUSTED_DOCUMENTS_ONLY": {SERVE: TRUSTED + "test_only_trusted_documents_run"},
    "GATEWAY_MAX_QUERY_DEPTH": {SERVE: LIMITS + "test_depth_counts_fields_inside_fragments"},
    "GATEWAY_MAX_QUERY_ALIASES": {SERVE: DOCUMENT_LIMITS},
    "GATEWAY_MAX_QUERY_TOKENS": {SERVE: DOCUMENT_LIMITS},
    "GATEWAY_MAX_QUERY_COST": {SERVE: DOCUMENT_LIMITS},
    "GATEWAY_RATE_LIMIT_ENABLED": {SERVE: RATE + "test_rate_limiting_can_be_switched_off"},
    "GATEWAY_RATE_LIMIT_CAPACITY": {SERVE: EMPTY_BUCKET},
    "GATEWAY_RATE_LIMIT_RESTORE_RATE": {SERVE: EMPTY_BUCKET},
    "GATEWAY_REDIS_URL": {
        SERVE: SHARED_BUCKET,
        JOBS: "tests/events/test_redis_relay.py::"
        "test_committed_events_are_published_once_and_rolled_back_ones_never",
    },
    "GATEWAY_RATE_LIMIT_REDIS_PREFIX": {SERVE: SHARED_BUCKET},
    "GATEWAY_MAX_BODY_BYTES": {SERVE: HTTP_LIMITS + "test_a_body_above_the_limit_is_413"},
    "GATEWAY_INTROSPECTION": {SERVE: LIMITS + "test_introspection_can_be_switched_off"},
    "GATEWAY_CORS_ORIGINS": {SERVE: HTTP_LIMITS + "test_cors_preflight_for_a_configured_origin"},
    "GATEWAY_ALLOW_PRIVATE_WEBHOOKS": {
        SERVE: URL_POLICY,
        JOBS: JOBS_PATH + "test_private_webhooks_allowed",
        DELIVERY: BATCH_IN_PROCESS,
    },
    "GATEWAY_WEBHOOK_ALLOWED_HOSTS": {
        SERVE: URL_POLICY,
        JOBS: WEBHOOKS_BY_JOBS,
        DELIVERY: WEBHOOKS_IN_PROCESS,
    },
}

# What a jobs process reads besides the passes' mapping: its engine, its loop, Redis.
JOBS_COMMAND_READS = {"database_url", "sqlite_busy_timeout_ms", "pool_size"}
JOBS_COMMAND_READS |= {"jobs_interval_seconds", "redis_url"}
# What the webhook delivery pass obeys (in any process), and the in-process loop's interval.
DELIVERY_READS = {
    "jobs_batch_size",
    "webhook_max_attempts",
    "webhook_first_retry_seconds",
    "webhook_secret",
    "allow_private_webhooks",
    "webhook_allowed_hosts",
}
# Settings properties, by the field they read.
DERIVED = {
    "async_database_url": "database_url",
    "cors_origin_list": "cors_origins",
    "webhook_allowed_host_list": "webhook_allowed_hosts",
}


def variable(field: str) -> str:
    return f"GATEWAY_{field.upper()}"


def documented() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    return set(re.findall(r"^\| `(GATEWAY_[A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))


class _Recording:
    """Settings that remember which of their fields were read."""

    def __init__(self, settings: Settings) -> None:
        self._settings, self.read = settings, set[str]()

    def __getattr__(self, name: str) -> Any:
        self.read.add(DERIVED.get(name, name))
        return getattr(self._settings, name)


def read_by_the_jobs_mapping() -> set[str]:
    recording = _Recording(Settings())
    engine = create_async_engine("sqlite+aiosqlite://")  # never connected
    job_environment(cast(Settings, recording), engine, FixedClock(datetime(2026, 1, 1)))
    return recording.read


def test_every_setting_is_documented_and_every_documented_one_exists() -> None:
    fields = {variable(field) for field in Settings.model_fields}
    assert fields - documented() == set(), "Settings fields the README does not document"
    assert documented() - fields == set(), "documented variables Settings does not read"


def test_every_documented_setting_has_its_proofs() -> None:
    assert documented() - set(PROOFS) == set(), "documented settings nobody proves"
    assert set(PROOFS) - documented() == set(), "proofs of settings the README does not list"


def test_the_jobs_mapping_and_webhook_delivery_settings_are_proven_on_their_paths() -> None:
    mapped = read_by_the_jobs_mapping()
    assert mapped <= set(Settings.model_fields), mapped - set(Settings.model_fields)
    assert mapped >= DELIVERY_READS  # the delivery pass gets them through the mapping
    for field in mapped | JOBS_COMMAND_READS:
        assert JOBS in PROOFS[variable(field)], f"{variable(field)}: no proof on {JOBS}"
    for field in DELIVERY_READS | {"webhook_delivery_interval"}:
        assert DELIVERY in PROOFS[variable(field)], f"{variable(field)}: no proof on {DELIVERY}"


PROOF_TESTS = sorted({test for paths in PROOFS.values() for test in paths.values()})


@pytest.mark.parametrize("test_id", PROOF_TESTS)
def test_each_proof_is_a_test_that_exists(test_id: str) -> None:
    path, _, name = test_id.partition("::")
    source = ROOT / path
    assert source.is_file(), f"{path} does not exist"
    functions = {
        node.name
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert name.startswith("test_"), test_id
    assert name in functions, f"{path} has no test {name}"
