"""events: the outbox (number_events) and webhook deliveries

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:50:00.000000

Hand-written, like 0003.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("sid", sa.String(length=34), nullable=False),
        sa.Column("account_sid", sa.String(length=34), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("node_type", sa.String(length=40), nullable=False),
        sa.Column("node_sid", sa.String(length=34), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_sid"], ["accounts.sid"], name="fk_number_events_account_sid_accounts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_number_events"),
        sa.UniqueConstraint("sid", name="uq_number_events_sid"),
    )
    op.create_index(
        "ix_number_events_account_sid_id", "number_events", ["account_sid", "id"], unique=False
    )
    op.create_index(
        "ix_number_events_node_sid_id", "number_events", ["node_sid", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_number_events_node_sid_id", table_name="number_events")
    op.drop_index("ix_number_events_account_sid_id", table_name="number_events")
    op.drop_table("number_events")
