"""hosted-number orders and authorization documents

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 23:50:00.000000

Hand-written, like 0003.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN_ORDER = "status NOT IN ('COMPLETED', 'FAILED', 'CANCELED')"


def _sid(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=34), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.sid"], name=f"fk_{table}_{column}_{target}"
    )


def upgrade() -> None:
    op.create_table(
        "authorization_documents",
        _sid("sid"),
        _sid("account_sid"),
        _sid("address_sid"),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("cc_emails", sa.Text(), nullable=False),
        sa.Column("contact_title", sa.String(length=100), nullable=True),
        sa.Column("contact_phone_number", sa.String(length=16), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("order_count", sa.Integer(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("failure_reason", sa.String(length=300), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("authorization_documents", "account_sid", "accounts"),
        _fk("authorization_documents", "address_sid", "addresses"),
        sa.PrimaryKeyConstraint("sid", name="pk_authorization_documents"),
        sa.UniqueConstraint("token_hash", name="uq_authorization_documents_token_hash"),
    )
    op.create_index(
        "ix_authorization_documents_account_sid_created_at_sid",
        "authorization_documents",
        ["account_sid", "created_at", "sid"],
    )
    op.create_index(
        "ix_authorization_documents_status_expires_at",
        "authorization_documents",
        ["status", "expires_at"],
    )
    op.create_table(
        "hosted_number_orders",
        _sid("sid"),
        _sid("account_sid"),
        sa.Column("phone_number", sa.String(length=16), nullable=False),
        sa.Column("iso_country", sa.String(length=2), nullable=False),
        sa.Column("line_type", sa.String(length=16), nullable=False),
        sa.Column("friendly_name", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("failure_reason", sa.String(length=300), nullable=True),
        _sid("address_sid"),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("cc_emails", sa.Text(), nullable=False),
        sa.Column("contact_phone_number", sa.String(length=16), nullable=True),
        sa.Column("contact_title", sa.String(length=100), nullable=True),
        sa.Column("sms_url", sa.String(length=500), nullable=True),
        sa.Column("sms_method", sa.String(length=4), server_default="POST", nullable=False),
        sa.Column("sms_fallback_url", sa.String(length=500), nullable=True),
        sa.Column(
            "sms_fallback_method", sa.String(length=4), server_default="POST", nullable=False
        ),
        _sid("sms_application_sid", nullable=True),
        sa.Column("status_callback_url", sa.String(length=500), nullable=True),
        sa.Column(
            "status_callback_method", sa.String(length=4), server_default="POST", nullable=False
        ),
        sa.Column("verification_code", sa.String(length=8), nullable=True),
        sa.Column("verification_called_at", sa.DateTime(), nullable=True),
        sa.Column("verification_call_delay", sa.Integer(), nullable=True),
        sa.Column("verification_extension", sa.String(length=64), nullable=True),
        sa.Column("verification_calls", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "verification_attempts", sa.Integer(), server_default=sa.text("0"), nullable=False
        ),
        _sid("document_sid", nullable=True),
        _sid("active_number_sid", nullable=True),
        sa.Column("deadline_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("hosted_number_orders", "account_sid", "accounts"),
        _fk("hosted_number_orders", "address_sid", "addresses"),
        _fk("hosted_number_orders", "document_sid", "authorization_documents"),
        sa.PrimaryKeyConstraint("sid", name="pk_hosted_number_orders"),
    )
    op.create_index(
        "ix_hosted_number_orders_account_sid_created_at_sid",
        "hosted_number_orders",
        ["account_sid", "created_at", "sid"],
    )
    op.create_index(
        "ix_hosted_number_orders_status_deadline_at",
        "hosted_number_orders",
        ["status", "deadline_at"],
    )
    op.create_index(
        "ix_hosted_number_orders_document_sid",
        "hosted_number_orders",
        ["document_sid"],
    )
    op.create_index(
        "uq_hosted_number_orders_phone_open",
        "hosted_number_orders",
        ["phone_number"],
        unique=True,
        sqlite_where=sa.text(OPEN_ORDER),
        postgresql_where=sa.text(OPEN_ORDER),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_hosted_number_orders_phone_open",
        table_name="hosted_number_orders",
        sqlite_where=sa.text(OPEN_ORDER),
        postgresql_where=sa.text(OPEN_ORDER),
    )
    op.drop_index("ix_hosted_number_orders_document_sid", table_name="hosted_number_orders")
    op.drop_index("ix_hosted_number_orders_status_deadline_at", table_name="hosted_number_orders")
    op.drop_index(
        "ix_hosted_number_orders_account_sid_created_at_sid", table_name="hosted_number_orders"
    )
    op.drop_table("hosted_number_orders")
    op.drop_index(
        "ix_authorization_documents_status_expires_at", table_name="authorization_documents"
    )
    op.drop_index(
        "ix_authorization_documents_account_sid_created_at_sid",
        table_name="authorization_documents",
    )
    op.drop_table("authorization_documents")
