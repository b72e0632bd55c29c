"""jobs: billing renewals, account suspension, aging

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:50:00.000000

Hand-written, like 0003: columns are added with ALTER TABLE ADD COLUMN on both databases.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_RESTORABLE = "restore_expired_at IS NULL AND restorable_until IS NOT NULL"
_AGING = "aging_until IS NOT NULL"


def upgrade() -> None:
    op.add_column(
        "owned_numbers",
        sa.Column("billing_status", sa.String(length=12), server_default="CURRENT", nullable=False),
    )
    op.add_column("owned_numbers", sa.Column("restore_expired_at", sa.DateTime(), nullable=True))
    op.add_column("accounts", sa.Column("billing_suspended_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ix_owned_numbers_restorable_until",
        "owned_numbers",
        ["restorable_until"],
        unique=False,
        sqlite_where=sa.text(_RESTORABLE),
        postgresql_where=sa.text(_RESTORABLE),
    )
    op.create_index(
        "ix_catalog_numbers_aging_until",
        "catalog_numbers",
        ["aging_until"],
        unique=False,
        sqlite_where=sa.text(_AGING),
        postgresql_where=sa.text(_AGING),
    )
    op.create_table(
        "renewal_charges",
        sa.Column("number_sid", sa.String(length=34), nullable=False),
        sa.Column("billing_date", sa.DateTime(), nullable=False),
        sa.Column("account_sid", sa.String(length=34), nullable=False),
        sa.Column("ledger_entry_sid", sa.String(length=34), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["number_sid"],
            ["owned_numbers.sid"],
            name="fk_renewal_charges_number_sid_owned_numbers",
        ),
        sa.ForeignKeyConstraint(
            ["account_sid"], ["accounts.sid"], name="fk_renewal_charges_account_sid_accounts"
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_sid"],
            ["ledger_entries.sid"],
            name="fk_renewal_charges_ledger_entry_sid_ledger_entries",
        ),
        sa.PrimaryKeyConstraint("number_sid", "billing_date", name="pk_renewal_charges"),
    )


def downgrade() -> None:
    op.drop_table("renewal_charges")
    op.drop_index("ix_catalog_numbers_aging_until", table_name="catalog_numbers")
    op.drop_index("ix_owned_numbers_restorable_until", table_name="owned_numbers")
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("billing_suspended_at")
    with op.batch_alter_table("owned_numbers") as batch_op:
        batch_op.drop_column("restore_expired_at")
        batch_op.drop_column("billing_status")
