"""The floor: the same SQL the gateway runs, rows turned into the same JSON, orjson; no more.

For each scenario the floor runs the gateway's own resolver once and keeps the statements it
executed (the Core statements and their parameters); every request executes them again
and writes the rows through the scenario's projection (``resolvers/*/shape.py``, walked with
the same selection, so the row positions are the resolver's) into dicts keyed by GraphQL
names. No parsing, validation, authentication, Strawberry or per-leaf coercion: the least any
server of this JSON must do. The harness checks once per run that its data equals the
gateway's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.expression import Executable

from bench.scenarios import ReadScenario
from gateway.database import is_transaction_control
from resolvers.active_numbers.query import PageArgs as ActivePage
from resolvers.active_numbers.query import list_active_numbers
from resolvers.active_numbers.shape import ACTIVE_NUMBER
from resolvers.catalog.query import PageArgs as CatalogPage
from resolvers.catalog.query import list_available_numbers
from resolvers.catalog.search import CatalogSearch, LatLong
from resolvers.catalog.shape import AVAILABLE_NUMBER
from resolvers.reads.projection import ColumnList, ObjectShape, Row, generated_reader
from resolvers.reads.selection import SelectionTree

JsonReader = Callable[[Row], Any]
Statement = tuple[str, Any]


@contextmanager
def capture(engine: AsyncEngine) -> Iterator[list[Statement]]:
    """The statements (text, driver parameters) the engine runs in the block."""
    captured: list[Statement] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if not is_transaction_control(statement):
            captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield captured
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def json_reader(shape: ObjectShape, selection: SelectionTree, columns: ColumnList) -> JsonReader:
    """The projection's generated reader keyed by GraphQL names (same column order): one
    function per page shape, a dict display per object, no call per field. The floor is the
    least any server of this JSON must do, so it does not pay the call per field that nested
    closures cost (~0.5 ms of a full-tree page of 50)."""
    return generated_reader(shape, selection, columns, as_json=True)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # the Decimal scalar's serialization
    raise TypeError(type(value).__name__)


@contextmanager
def capture_clauses(engine: AsyncEngine) -> Iterator[list[tuple[Executable, Any]]]:
    """The Core statements (with their parameters) executed in the block."""
    captured: list[tuple[Executable, Any]] = []

    def record(_conn: Any, clause: Any, multiparams: Any, params: Any, *_: Any) -> None:
        captured.append((clause, multiparams[0] if multiparams else (params or None)))

    event.listen(engine.sync_engine, "before_execute", record)
    try:
        yield captured
    finally:
        event.remove(engine.sync_engine, "before_execute", record)


@dataclass(frozen=True)
class FloorRoute:
    scenario: ReadScenario
    statements: tuple[tuple[Executable, Any], ...]  # the page's rows come from the last
    read: JsonReader

    async def body(self, engine: AsyncEngine) -> bytes:
        rows: Any = []
        async with engine.connect() as conn:
            for statement, parameters in self.statements:
                rows = (await conn.execute(statement, parameters)).all()
        nodes = [self.read(row) for row in rows[: self.scenario.first]]
        return orjson.dumps({"data": {self.scenario.root: {"nodes": nodes}}}, default=_default)


async def prepare_route(
    engine: AsyncEngine, scenario: ReadScenario, account_sid: str, now: datetime
) -> FloorRoute:
    """Run the gateway's resolver once for ``scenario``; keep its statements: one, or two
    for a ``near`` page whose page-order walk did not fill it (then the spatial index's).

    The statement is kept as the SQLAlchemy Core object the resolver executed (SQLAlchemy
    caches its compiled form, and its result processing, e.g. SQLite's text timestamps to
    datetimes, is the resolver's too).
    """
    selection = {"nodes": scenario.node_selection()}
    with capture_clauses(engine) as statements:
        async with engine.connect() as conn:
            shape = await _resolve(conn, scenario, selection, account_sid, now)
    if not statements:
        raise RuntimeError(f"{scenario.name}: the resolver ran no statement")
    read = json_reader(shape, selection["nodes"], ColumnList())
    return FloorRoute(scenario, tuple(statements), read)


async def _resolve(
    conn: AsyncConnection,
    scenario: ReadScenario,
    selection: SelectionTree,
    account_sid: str,
    now: datetime,
) -> ObjectShape:
    first = scenario.first
    if scenario.root == "activeNumbers":
        await list_active_numbers(
            conn,
            account_sid=account_sid,
            flt=None,
            order=None,
            page_args=ActivePage(first=first),
            selection=selection,
            now=now,
        )
        return ACTIVE_NUMBER
    if scenario.root == "availableNumbers":
        search = catalog_search(scenario.variables["search"])
        await list_available_numbers(
            conn, search=search, page_args=CatalogPage(first=first), selection=selection, now=now
        )
        return AVAILABLE_NUMBER
    raise ValueError(f"no floor for {scenario.root}")


def catalog_search(search: dict[str, Any]) -> CatalogSearch:
    """The GraphQL ``AvailableNumberSearch`` variables as the resolver's ``CatalogSearch``."""
    values = {_snake(name): value for name, value in search.items()}
    if "near_lat_long" in values:
        values["near_lat_long"] = LatLong(**values["near_lat_long"])
    return CatalogSearch(**values)


def _snake(name: str) -> str:
    return "".join("_" + char.lower() if char.isupper() else char for char in name)
