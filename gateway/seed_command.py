"""The ``seed-demo`` command's work: engine, migration, seeding with a progress bar."""

from __future__ import annotations

from rich.progress import Progress, TaskID

from gateway.database import create_engine
from gateway.migrate import migrate
from gateway.seed import DemoCredentials, database_is_empty, seed_demo
from gateway.settings import Settings
from resolvers.core.clock import SystemClock


async def run_seed(
    settings: Settings, size: int, owned: int, seed: int, if_empty: bool, progress: Progress
) -> DemoCredentials | None:
    engine = create_engine(settings)
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total)
        progress.update(tasks[stage], completed=done, total=total)

    try:
        await migrate(engine)
        if if_empty and not await database_is_empty(engine):
            return None
        return await seed_demo(
            engine, size=size, owned=owned, seed=seed, now=SystemClock().now(), progress=report
        )
    finally:
        await engine.dispose()
