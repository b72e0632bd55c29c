"""spatial index for near searches, case-insensitive place indexes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00.000000

Hand-written. ``near`` (and ``nearNumber``) search catalog locations through a spatial index
instead of a latitude range read through a distance function:
- SQLite: the R*Tree ``catalog_numbers_geo`` (built into SQLite), one entry per located
  catalog row keyed by its rowid, kept in step by triggers (like the FTS5 table of 0002);
- PostgreSQL: a GiST index on ``point(longitude, latitude)`` (built in, no extension).
``inRegion`` and ``inLocality`` compare ``lower(column)``: their (country, column) indexes
become (country, lower(column)) so that the comparison can read them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SQLITE_SPATIAL_INDEX = [
    """CREATE VIRTUAL TABLE catalog_numbers_geo
        USING rtree(id, min_lat, max_lat, min_lon, max_lon)""",
    """CREATE TRIGGER catalog_numbers_geo_insert AFTER INSERT ON catalog_numbers
        WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
        INSERT INTO catalog_numbers_geo
        VALUES (new.rowid, new.latitude, new.latitude, new.longitude, new.longitude);
    END""",
    """CREATE TRIGGER catalog_numbers_geo_delete AFTER DELETE ON catalog_numbers BEGIN
        DELETE FROM catalog_numbers_geo WHERE id = old.rowid;
    END""",
    """CREATE TRIGGER catalog_numbers_geo_update
        AFTER UPDATE OF latitude, longitude ON catalog_numbers BEGIN
        DELETE FROM catalog_numbers_geo WHERE id = old.rowid;
        INSERT INTO catalog_numbers_geo
        SELECT new.rowid, new.latitude, new.latitude, new.longitude, new.longitude
        WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
    END""",
    """INSERT INTO catalog_numbers_geo
        SELECT rowid, latitude, latitude, longitude, longitude FROM catalog_numbers
        WHERE latitude IS NOT NULL AND longitude IS NOT NULL""",
]
POSTGRES_SPATIAL_INDEX = [
    """CREATE INDEX ix_catalog_numbers_geo
        ON catalog_numbers USING gist (point(longitude, latitude))"""
]


PLACES = ("region", "locality")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_SPATIAL_INDEX if dialect == "sqlite" else POSTGRES_SPATIAL_INDEX:
        op.execute(statement)
    for place in PLACES:
        op.drop_index(f"ix_catalog_numbers_iso_country_{place}", table_name="catalog_numbers")
        op.create_index(
            f"ix_catalog_numbers_iso_country_lower_{place}",
            "catalog_numbers",
            ["iso_country", sa.text(f"lower({place})")],
        )


def downgrade() -> None:
    for place in PLACES:
        op.drop_index(f"ix_catalog_numbers_iso_country_lower_{place}", table_name="catalog_numbers")
        op.create_index(
            f"ix_catalog_numbers_iso_country_{place}", "catalog_numbers", ["iso_country", place]
        )
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS catalog_numbers_geo_{name}")
        op.execute("DROP TABLE IF EXISTS catalog_numbers_geo")
    else:
        op.execute("DROP INDEX IF EXISTS ix_catalog_numbers_geo")
