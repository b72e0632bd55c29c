"""hosted orders: room for the FIXED_LINE_OR_MOBILE line type

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00.000000

An order for a number whose carrier is unknown records the numbering plan's line type, which
in North America is FIXED_LINE_OR_MOBILE (20 characters). Hand-written; on SQLite the table is
copied (batch mode), keeping its indexes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hosted_number_orders", schema=None) as batch_op:
        batch_op.alter_column(
            "line_type",
            existing_type=sa.String(length=16),
            type_=sa.String(length=24),
            existing_nullable=False,
        )


def downgrade() -> None:
    # The old width cannot hold the longer type: such orders go back to UNKNOWN.
    op.execute("UPDATE hosted_number_orders SET line_type = 'UNKNOWN' WHERE LENGTH(line_type) > 16")
    with op.batch_alter_table("hosted_number_orders", schema=None) as batch_op:
        batch_op.alter_column(
            "line_type",
            existing_type=sa.String(length=24),
            type_=sa.String(length=16),
            existing_nullable=False,
        )
