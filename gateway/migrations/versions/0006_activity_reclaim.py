"""activity feeds, reclaim warnings and fraud flags

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:50:00.000000

Hand-written, like 0003: columns are added with ALTER TABLE ADD COLUMN (all nullable), so no
table is rebuilt on upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("owned_numbers", sa.Column("reclaim_warned_at", sa.DateTime(), nullable=True))
    op.add_column("owned_numbers", sa.Column("reclaim_after", sa.DateTime(), nullable=True))
    op.add_column("owned_numbers", sa.Column("reclaimed_at", sa.DateTime(), nullable=True))
    op.add_column("accounts", sa.Column("fraud_flagged_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_owned_numbers_reclaim_after", "owned_numbers", ["reclaim_after"], unique=False
    )
    op.create_index("ix_owned_numbers_released_at", "owned_numbers", ["released_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_owned_numbers_released_at", table_name="owned_numbers")
    op.drop_index("ix_owned_numbers_reclaim_after", table_name="owned_numbers")
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("fraud_flagged_at")
    with op.batch_alter_table("owned_numbers") as batch_op:
        batch_op.drop_column("reclaimed_at")
        batch_op.drop_column("reclaim_after")
        batch_op.drop_column("reclaim_warned_at")
