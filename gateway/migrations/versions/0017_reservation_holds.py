"""reservations: a hold on a catalog number (held_by, held_until)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 11:15:00.000000

A reserved number is for sale only to its holder until ``held_until``; after that the same
availability predicate sells it to anyone (no job). Plain ADD/DROP COLUMN on both databases:
no table copy, so the catalog's search triggers and indexes stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("catalog_numbers", sa.Column("held_by", sa.String(length=34), nullable=True))
    op.add_column("catalog_numbers", sa.Column("held_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("catalog_numbers", "held_until")
    op.drop_column("catalog_numbers", "held_by")
