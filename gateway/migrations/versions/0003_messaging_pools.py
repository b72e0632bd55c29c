"""messaging pools: sticky sender, pool size, least-recently-used order

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000

Hand-written. Columns are added with ALTER TABLE ADD COLUMN on both databases (a constant
server default makes that legal for NOT NULL columns on SQLite too), so no table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "messaging_services",
        sa.Column("sticky_sender", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column(
        "messaging_services",
        sa.Column("max_pool_size", sa.Integer(), server_default=sa.text("400"), nullable=False),
    )
    op.add_column(
        "owned_numbers",
        sa.Column("selection_rank", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("owned_numbers", sa.Column("last_selected_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_owned_numbers_messaging_service_sid_selection_rank_sid",
        "owned_numbers",
        ["messaging_service_sid", "selection_rank", "sid"],
        unique=False,
    )
    op.create_table(
        "sticky_senders",
        sa.Column("messaging_service_sid", sa.String(length=34), nullable=False),
        sa.Column("to_number", sa.String(length=16), nullable=False),
        sa.Column("number_sid", sa.String(length=34), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["messaging_service_sid"],
            ["messaging_services.sid"],
            name="fk_sticky_senders_messaging_service_sid_messaging_services",
        ),
        sa.ForeignKeyConstraint(
            ["number_sid"],
            ["owned_numbers.sid"],
            name="fk_sticky_senders_number_sid_owned_numbers",
        ),
        sa.PrimaryKeyConstraint("messaging_service_sid", "to_number", name="pk_sticky_senders"),
    )
    op.create_index(
        "ix_sticky_senders_number_sid",
        "sticky_senders",
        ["number_sid"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_sticky_senders_number_sid", table_name="sticky_senders")
    op.drop_table("sticky_senders")
    op.drop_index(
        "ix_owned_numbers_messaging_service_sid_selection_rank_sid", table_name="owned_numbers"
    )
    with op.batch_alter_table("owned_numbers") as batch_op:
        batch_op.drop_column("last_selected_at")
        batch_op.drop_column("selection_rank")
    with op.batch_alter_table("messaging_services") as batch_op:
        batch_op.drop_column("max_pool_size")
        batch_op.drop_column("sticky_sender")
