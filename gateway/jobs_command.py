"""``numbers-gateway jobs run`` (every pass once, for cron) and ``jobs serve`` (a loop).

The passes live with their domains, in the run order of ``resolvers.schedule.JOB_PASSES``;
this module only opens their environment (an engine, the system clock, and the settings mapped
by ``gateway.job_settings``) and prints what they did.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from gateway.settings import Settings
from gateway.terminal import console as _console

if TYPE_CHECKING:
    from rich.table import Table

    from resolvers.core.clock import Clock
    from resolvers.jobs.environment import JobEnvironment
    from resolvers.jobs.runner import PassResult

jobs_cli = typer.Typer(
    help="Background jobs: renewals, hosted-order timers, fraud, reclaim, aging, webhooks.",
    no_args_is_help=True,
)
DatabaseOption = Annotated[
    str | None, typer.Option("--database", help="Database URL (default: GATEWAY_DATABASE_URL).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print results as JSON.")]


@asynccontextmanager
async def open_job_environment(
    settings: Settings, clock: Clock | None = None
) -> AsyncIterator[JobEnvironment]:
    """An engine for the passes (disposed afterwards), the clock and the mapped settings, with
    the event services a jobs process needs (Redis publishing)."""
    from gateway.database import create_engine
    from gateway.events.jobs import job_event_services
    from resolvers.core.clock import SystemClock

    engine = create_engine(settings)
    try:
        async with job_event_services(settings, engine, clock or SystemClock()) as env:
            yield env
    finally:
        await engine.dispose()


def _settings(database: str | None) -> Settings:
    return Settings(database_url=database) if database else Settings()


@jobs_cli.command("run")
def run_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Run every job pass once (for cron); exit status 1 if a pass failed."""
    from resolvers.jobs.runner import run_once
    from resolvers.schedule import JOB_PASSES

    async def run() -> list[PassResult]:
        async with open_job_environment(_settings(database)) as env:
            return await run_once(env, JOB_PASSES)

    results = asyncio.run(run())
    if as_json:
        _print_json(results)
    else:
        _console(stderr=False).print(_table(results))
    if any(result.error for result in results):
        raise typer.Exit(1)


@jobs_cli.command("serve")
def serve_command(
    database: DatabaseOption = None,
    interval: Annotated[
        float | None,
        typer.Option(
            min=0.01, help="Seconds between runs (default: GATEWAY_JOBS_INTERVAL_SECONDS)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run every job pass, then again every --interval seconds, until SIGINT or SIGTERM."""
    settings = _settings(database)
    seconds = interval if interval is not None else settings.jobs_interval_seconds
    runs = asyncio.run(_serve(settings, seconds, as_json))
    _console().print(f"jobs stopped after {runs} run(s)")


async def _serve(settings: Settings, interval: float, as_json: bool) -> int:
    from resolvers.jobs.runner import run_forever
    from resolvers.schedule import JOB_PASSES

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    report = _print_json if as_json else _print_line
    async with open_job_environment(settings) as env:
        return await run_forever(env, interval, stop, report, JOB_PASSES)


def _print_json(results: list[PassResult]) -> None:
    body = {"passes": [result.as_json_dict() for result in results]}
    sys.stdout.write(orjson.dumps(body).decode() + "\n")
    sys.stdout.flush()


def _print_line(results: list[PassResult]) -> None:
    parts = [f"{r.name}={'FAILED' if r.error else r.count}" for r in results]
    _console().log(" ".join(parts))


def _table(results: list[PassResult]) -> Table:
    from rich.table import Table

    table = Table(title="job passes")
    for column in ("pass", "items", "seconds", "error"):
        table.add_column(column, justify="right" if column in ("items", "seconds") else "left")
    for result in results:
        table.add_row(result.name, str(result.count), f"{result.seconds:.3f}", result.error or "")
    return table
