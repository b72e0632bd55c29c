"""number orders: a stored createNumberOrder and one line per number asked for

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 13:00:00.000000

Two new tables, nothing backfilled: orders placed before this revision were not stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_orders",
        sa.Column("sid", sa.String(length=34), nullable=False),
        sa.Column("account_sid", sa.String(length=34), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("allow_partial", sa.Boolean(), nullable=False),
        sa.Column("area_code", sa.String(length=3), nullable=True),
        sa.Column("requested_count", sa.Integer(), nullable=False),
        sa.Column("purchased_count", sa.Integer(), nullable=False),
        sa.Column("refused_count", sa.Integer(), nullable=False),
        sa.Column("setup_fees_minor", sa.BigInteger(), nullable=False),
        sa.Column("monthly_fees_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_sid"], ["accounts.sid"], name=op.f("fk_number_orders_account_sid_accounts")
        ),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_number_orders")),
    )
    op.create_index(
        "ix_number_orders_account_sid_created_at_sid",
        "number_orders",
        ["account_sid", "created_at", "sid"],
        unique=False,
    )
    op.create_table(
        "number_order_lines",
        sa.Column("order_sid", sa.String(length=34), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("requested", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("phone_number", sa.String(length=16), nullable=True),
        sa.Column("active_number_sid", sa.String(length=34), nullable=True),
        sa.Column("transaction_sid", sa.String(length=34), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_sid"],
            ["number_orders.sid"],
            name=op.f("fk_number_order_lines_order_sid_number_orders"),
        ),
        sa.PrimaryKeyConstraint("order_sid", "position", name=op.f("pk_number_order_lines")),
    )


def downgrade() -> None:
    op.drop_table("number_order_lines")
    op.drop_index("ix_number_orders_account_sid_created_at_sid", table_name="number_orders")
    op.drop_table("number_orders")
