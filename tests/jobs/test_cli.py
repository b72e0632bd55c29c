"""``numbers-gateway jobs run`` and ``jobs serve`` against a temporary SQLite database.

The commands use the system clock, so the due number is set up relative to real time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from typer.testing import CliRunner

from gateway.cli import cli
from gateway.database import create_engine
from gateway.job_settings import lifecycle_policy
from gateway.settings import Settings
from tests.support import databases
from tests.support.factories import add_account
from tests.support.numbers import Number, add_numbers


def _with_a_due_number(template: Path, directory: Path) -> str:
    """A fresh database where one number's monthly fee fell due a day ago."""
    url = databases.fresh_sqlite(template, directory)
    due = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(days=1)

    async def setup() -> None:
        engine = create_engine(Settings(database_url=url))
        try:
            account = await add_account(engine)
            owned = {"purchased_at": due - timedelta(days=30), "next_billing_date": due}
            await add_numbers(engine, account.sid, [Number("+14155550100", owned=owned)])
        finally:
            await engine.dispose()

    databases.run_blocking(setup())
    return url


def _counts(output: str) -> dict[str, int]:
    body = orjson.loads(output.strip().splitlines()[-1])
    return {p["name"]: p["count"] for p in body["passes"] if p["error"] is None}


def test_jobs_run_charges_once_and_prints_a_summary(sqlite_template: Path, tmp_path: Path) -> None:
    url = _with_a_due_number(sqlite_template, tmp_path)
    runner = CliRunner()

    first = runner.invoke(cli, ["jobs", "run", "--database", url, "--json"])
    assert first.exit_code == 0, first.output
    assert _counts(first.stdout)["renewals"] == 1

    again = runner.invoke(cli, ["jobs", "run", "--database", url])
    assert again.exit_code == 0, again.output
    assert "renewals" in again.output
    assert "restore_windows" in again.output

    last = runner.invoke(cli, ["jobs", "run", "--database", url, "--json"])
    assert _counts(last.stdout)["renewals"] == 0


def test_jobs_serve_loops_until_sigterm(sqlite_template: Path, tmp_path: Path) -> None:
    url = _with_a_due_number(sqlite_template, tmp_path)
    environment = {**os.environ, "GATEWAY_LOG_LEVEL": "warning"}
    lines, stderr = _two_runs_of_jobs_serve(["--interval", "0.2", "--database", url], environment)
    assert [_counts(line)["renewals"] for line in lines] == [1, 0]
    assert "jobs stopped" in stderr


def test_jobs_serve_takes_its_database_and_interval_from_the_environment(
    sqlite_template: Path, tmp_path: Path
) -> None:
    url = _with_a_due_number(sqlite_template, tmp_path)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    environment |= {"GATEWAY_DATABASE_URL": url, "GATEWAY_JOBS_INTERVAL_SECONDS": "0.2"}
    # the default interval is a minute: a second run within the watchdog's 20 s needs 0.2
    lines, _ = _two_runs_of_jobs_serve([], environment, watchdog_seconds=20)
    assert [_counts(line)["renewals"] for line in lines] == [1, 0]


def _two_runs_of_jobs_serve(
    arguments: list[str], environment: dict[str, str], watchdog_seconds: float = 60
) -> tuple[list[str], str]:
    """The JSON lines of ``jobs serve``'s first two runs, then SIGTERM; and its stderr."""
    command = [sys.executable, "-m", "gateway", "jobs", "serve", "--json", *arguments]
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
        env=environment,
    )
    watchdog = threading.Timer(watchdog_seconds, process.kill)  # a hung command fails the test
    watchdog.start()
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    return lines, stderr


def test_a_failing_pass_makes_jobs_run_exit_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'never-migrated.db'}"  # no tables: every pass fails
    result = CliRunner().invoke(cli, ["jobs", "run", "--database", url, "--json"])
    assert result.exit_code == 1
    passes = orjson.loads(result.stdout.strip().splitlines()[-1])["passes"]
    assert {p["name"] for p in passes} >= {"renewals", "restore_windows", "aging"}
    assert all(p["error"] and p["count"] == 0 for p in passes)


def test_the_jobs_settings_become_the_policy() -> None:
    settings = Settings(jobs_batch_size=7, jobs_renewal_accounts_per_claim=3)
    policy = lifecycle_policy(settings)
    assert (policy.batch_size, policy.renewal_accounts_per_claim) == (7, 3)


def test_reclaim_fraud_and_webhook_settings_reach_the_policy() -> None:
    settings = Settings(
        reclaim_grace_days=3,
        reclaim_batch_size=9,
        fraud_window_hours=6,
        fraud_flag_threshold=2,
        fraud_suspend_threshold=4,
        webhook_max_attempts=5,
        webhook_first_retry_seconds=10,
        webhook_secret="s3cret",
    )
    policy = lifecycle_policy(settings)
    assert policy.reclaim_grace_period == timedelta(days=3)
    assert (policy.reclaim_batch_size, policy.fraud_window) == (9, timedelta(hours=6))
    assert (policy.fraud_flag_threshold, policy.fraud_suspend_threshold) == (2, 4)
    assert (policy.webhook_max_attempts, policy.webhook_first_retry) == (5, timedelta(seconds=10))
    assert policy.webhook_secret == "s3cret"


def test_jobs_run_runs_every_registered_pass(sqlite_template: Path, tmp_path: Path) -> None:
    url = _with_a_due_number(sqlite_template, tmp_path)
    result = CliRunner().invoke(cli, ["jobs", "run", "--database", url, "--json"])
    assert result.exit_code == 0, result.output
    assert list(_counts(result.stdout)) == [
        "renewals", "hosted_orders", "fraud", "reclaim", "activity_rollup", "restore_windows",
        "aging", "webhooks",
    ]  # fmt: skip
