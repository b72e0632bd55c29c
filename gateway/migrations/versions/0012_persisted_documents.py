"""persisted queries and trusted documents

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000

Hand-written: one new table, ``persisted_documents`` (see resolvers/core/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "persisted_documents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persisted_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_persisted_documents_sha256")),
    )
    op.create_index(
        op.f("ix_persisted_documents_trusted_id"),
        "persisted_documents",
        ["trusted", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_persisted_documents_trusted_id"), table_name="persisted_documents")
    op.drop_table("persisted_documents")
