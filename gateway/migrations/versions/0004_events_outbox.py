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
    op.create_table(
        "webhook_deliveries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("account_sid", sa.String(length=34), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_sid"], ["accounts.sid"], name="fk_webhook_deliveries_account_sid_accounts"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["number_events.id"], name="fk_webhook_deliveries_event_id_number_events"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
    )
    op.create_index(
        "ix_webhook_deliveries_status_next_attempt_at",
        "webhook_deliveries",
        ["status", "next_attempt_at"],
        unique=False,
    )
    op.create_index(
        "ix_webhook_deliveries_event_id", "webhook_deliveries", ["event_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_event_id", table_name="webhook_deliveries")
    op.drop_index("ix_webhook_deliveries_status_next_attempt_at", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_number_events_node_sid_id", table_name="number_events")
    op.drop_index("ix_number_events_account_sid_id", table_name="number_events")
    op.drop_table("number_events")
