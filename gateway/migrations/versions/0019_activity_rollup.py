"""activity roll-up: the window's counters on the number's row

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 16:00:00.000000

Hand-written, like 0015. Five columns of ``owned_numbers`` (resolvers/activity/rollup.py): the
sums of the day buckets from ``rolled_from_day`` on, and ``rolled_until_day``, the oldest of
those buckets' days. Their defaults roll up a number without buckets; the numbers with buckets
are rolled up for the window of the day the migration runs (UTC), in one UPDATE. The answers
never depend on that day: a read whose window the roll-up does not hold sums the buckets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ACTIVITY_WINDOW = timedelta(days=30)
NO_BUCKET_DAY = date(9999, 12, 31)
COUNTERS = ("calls", "qualifying_calls", "messages")

ROLL_UP = """
UPDATE owned_numbers SET
    rolled_from_day = :edge,
    rolled_until_day = coalesce(
        (SELECT min(day) FROM number_activity_days
         WHERE number_sid = owned_numbers.sid AND day >= :edge), :none),
    rolled_calls = (SELECT coalesce(sum(calls), 0) FROM number_activity_days
                    WHERE number_sid = owned_numbers.sid AND day >= :edge),
    rolled_qualifying_calls = (SELECT coalesce(sum(qualifying_calls), 0) FROM number_activity_days
                               WHERE number_sid = owned_numbers.sid AND day >= :edge),
    rolled_messages = (SELECT coalesce(sum(messages), 0) FROM number_activity_days
                       WHERE number_sid = owned_numbers.sid AND day >= :edge)
WHERE sid IN (SELECT number_sid FROM number_activity_days)
"""


def upgrade() -> None:
    dates = (("rolled_from_day", "'1970-01-01'"), ("rolled_until_day", "'9999-12-31'"))
    for name, default in dates:
        op.add_column(
            "owned_numbers",
            sa.Column(name, sa.Date(), nullable=False, server_default=sa.text(default)),
        )
    for name in COUNTERS:
        op.add_column(
            "owned_numbers",
            sa.Column(f"rolled_{name}", sa.Integer(), nullable=False, server_default="0"),
        )
    op.create_index(
        "ix_owned_numbers_rolled_until_day", "owned_numbers", ["rolled_until_day"], unique=False
    )
    edge = (datetime.now(UTC) - ACTIVITY_WINDOW).date()
    statement = sa.text(ROLL_UP).bindparams(
        sa.bindparam("edge", edge, type_=sa.Date()),
        sa.bindparam("none", NO_BUCKET_DAY, type_=sa.Date()),
    )
    op.get_bind().execute(statement)


def downgrade() -> None:
    op.drop_index("ix_owned_numbers_rolled_until_day", table_name="owned_numbers")
    # ALTER TABLE … DROP COLUMN on both (SQLite 3.35+), as 0015's downgrade
    for name in ("rolled_from_day", "rolled_until_day", *(f"rolled_{n}" for n in COUNTERS)):
        op.execute(f"ALTER TABLE owned_numbers DROP COLUMN {name}")
