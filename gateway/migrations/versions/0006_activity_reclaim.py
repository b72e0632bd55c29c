"""activity feeds, reclaim warnings and fraud flags

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:50:00.000000

Hand-written, like 0003.
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
