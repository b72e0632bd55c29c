"""webhook signing secret (generated here) and each delivery's HTTP method

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000

Hand-written, like 0003. ``gateway_secrets`` holds the webhook signing secret this migration
generates, so every webhook is signed even when ``GATEWAY_WEBHOOK_SECRET`` is not set; a later
``migrate`` finds the row and keeps it. ``webhook_deliveries.method`` is the status callback
method (GET or POST) captured when the delivery was queued.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    secrets_table = op.create_table(
        "gateway_secrets",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        secrets_table,
        [{"name": "webhook", "value": secrets.token_urlsafe(32), "created_at": now}],
    )
    op.add_column(
        "webhook_deliveries",
        sa.Column("method", sa.String(length=4), server_default="POST", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries") as batch_op:
        batch_op.drop_column("method")
    op.drop_table("gateway_secrets")
