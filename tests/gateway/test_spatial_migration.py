"""Migration 0014 goes down and up again on both databases, rebuilding the spatial index
from the rows already there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.database import create_engine
from gateway.migrate import current_revision, migrate
from gateway.settings import Settings
from resolvers.catalog.query import PageArgs, list_available_numbers
from resolvers.catalog.search import CatalogSearch, LatLong
from tests.support import databases
from tests.support.catalog import rtree_matches_catalog
from tests.support.factories import T0, add_catalog, catalog_row
from tests.support.migrations import downgrade, revision_before

SPATIAL_OBJECTS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE name LIKE 'catalog_numbers_geo%'"
    " OR name LIKE 'ix_catalog_numbers_iso_country_%' ORDER BY name",
    "postgresql": "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_catalog_numbers_geo'"
    " OR indexname LIKE 'ix_catalog_numbers_iso_country_%' ORDER BY indexname",
}


async def _objects(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(SPATIAL_OBJECTS[engine.dialect.name]))
        return {str(row[0]) for row in rows}


async def _near_midtown(engine: AsyncEngine) -> list[str]:
    search = CatalogSearch(iso_country="US", near_lat_long=LatLong(40.7506, -73.9873))
    async with engine.connect() as conn:
        page = await list_available_numbers(
            conn,
            search=search,
            page_args=PageArgs(first=10),
            selection={"nodes": {"phoneNumber": {}}},
            now=T0,
        )
    return [node["phone_number"] for node in page["nodes"]]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_0014_goes_down_and_up(backend: str, sqlite_template: Path, tmp_path: Path) -> None:
    with databases.own_database(backend, sqlite_template, tmp_path) as url:
        engine = create_engine(Settings(database_url=url))
        try:
            rows = [
                catalog_row("+12125550100", latitude=40.7506, longitude=-73.9873),
                catalog_row("+12125550101", latitude=40.7, longitude=-74.0),
                catalog_row("+12125550102", latitude=None, longitude=None),
            ]
            await add_catalog(engine, rows)
            at_head = await _objects(engine)
            await downgrade(engine, revision_before("0014"))
            assert await current_revision(engine) == revision_before("0014")
            before = await _objects(engine)
            assert not any("geo" in name or "lower" in name for name in before), before
            assert "ix_catalog_numbers_iso_country_region" in before
            await add_catalog(engine, [catalog_row("+12125550103", latitude=40.75, longitude=-74)])
            await migrate(engine)
            assert await _objects(engine) == at_head
            assert "ix_catalog_numbers_iso_country_lower_region" in at_head
            assert await rtree_matches_catalog(engine) in (-1, 3)
            assert await _near_midtown(engine) == ["+12125550100", "+12125550101", "+12125550103"]
        finally:
            await engine.dispose()
