"""Running the import commands as a user would (typer's CliRunner) and reading the database."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection
from typer.testing import CliRunner, Result

from gateway.cli import cli
from gateway.database import create_engine
from gateway.settings import Settings
from tests.support import databases

T = TypeVar("T")
CATALOG_HEADER = "phone_number,type,voice,sms,mms,setup_fee,monthly_fee"


def write_csv(directory: Path, name: str, *lines: str) -> Path:
    path = directory / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(command: str, path: Path, database_url: str, *options: str) -> Result:
    return CliRunner().invoke(cli, [command, str(path), "--database", database_url, *options])


def query(database_url: str, read: Callable[[AsyncConnection], Coroutine[Any, Any, T]]) -> T:
    """``read`` on a connection to the database, from a test that is not a coroutine."""

    async def body() -> T:
        engine = create_engine(Settings(database_url=database_url))
        try:
            async with engine.connect() as conn:
                return await read(conn)
        finally:
            await engine.dispose()

    return databases.run_blocking(body())


def setup(database_url: str, work: Callable[[Any], Coroutine[Any, Any, T]]) -> T:
    """``work(engine)`` against the database, from a test that is not a coroutine."""

    async def body() -> T:
        engine = create_engine(Settings(database_url=database_url))
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    return databases.run_blocking(body())


def many_catalog_lines(count: int) -> Iterator[str]:
    """A header and ``count`` distinct valid US local numbers, San Francisco, $1.15 a month."""
    yield f"{CATALOG_HEADER},locality,region,latitude,longitude"
    numbers = (
        f"+1{area}{exchange}{line:04d}"
        for area in (415, 212, 312, 617)
        for exchange in range(220, 1000)
        if exchange % 100 != 11 and exchange != 555
        for line in range(10_000)
    )
    for number, _ in zip(numbers, range(count), strict=False):
        yield f"{number},LOCAL,true,true,false,0,1.15,San Francisco,CA,37.77,-122.42"
