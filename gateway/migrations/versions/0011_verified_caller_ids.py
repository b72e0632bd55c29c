"""verified caller IDs belong to one account

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000

Hand-written, like 0003. ``number_lookups.verified_caller_id`` was a flag on the number, so any
account skipped the ownership call for it; ``verified_caller_ids`` names the one account whose
caller ID it is. A global flag names no account, so flagged numbers cannot be carried over:
they lose the shortcut and are verified by call, as any other number (the demo seeder writes
its verified caller ID to the new table). The downgrade sets the flag again for every number
in the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verified_caller_ids",
        sa.Column("phone_number", sa.String(length=16), nullable=False),
        sa.Column("account_sid", sa.String(length=34), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_sid"], ["accounts.sid"], name="fk_verified_caller_ids_account_sid_accounts"
        ),
        sa.PrimaryKeyConstraint("phone_number", name="pk_verified_caller_ids"),
    )
    op.create_index("ix_verified_caller_ids_account_sid", "verified_caller_ids", ["account_sid"])
    with op.batch_alter_table("number_lookups") as batch:
        batch.drop_column("verified_caller_id")


def downgrade() -> None:
    with op.batch_alter_table("number_lookups") as batch:
        batch.add_column(
            sa.Column(
                "verified_caller_id",
                sa.Boolean(),
                server_default=sa.text("(false)"),
                nullable=False,
            )
        )
    op.execute(
        "UPDATE number_lookups SET verified_caller_id = true WHERE phone_number IN "
        "(SELECT phone_number FROM verified_caller_ids)"
    )
    op.drop_index("ix_verified_caller_ids_account_sid", table_name="verified_caller_ids")
    op.drop_table("verified_caller_ids")
