"""stored activity: day buckets per number, last activity and the activity anchor day

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:00:00.000000

Hand-written, like 0003. The existing raw records are backfilled: their buckets with one
INSERT … SELECT … GROUP BY (``date()`` is the UTC day on both databases), each number's
latest record with one UPDATE, and each number's anchor day (the latest day whose buckets
from that day on hold 3 qualifying calls or 3 messages; resolvers/activity/tallies.py) in
Python over the buckets that count, newest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

EPOCH_DAY = date(1970, 1, 1)
MIN_QUALIFYING_EVENTS = 3
BATCH = 1_000

BUCKETS = """
INSERT INTO number_activity_days (number_sid, day, calls, qualifying_calls, messages)
SELECT number_sid, date(occurred_at),
       count(*) FILTER (WHERE kind = 'CALL'),
       count(*) FILTER (WHERE kind = 'CALL' AND status = 'COMPLETED' AND duration_seconds >= 12),
       count(*) FILTER (WHERE kind = 'MESSAGE' AND status NOT IN ('FAILED', 'UNDELIVERED'))
FROM number_activity
GROUP BY number_sid, date(occurred_at)
"""
LAST_ACTIVITY = """
UPDATE owned_numbers SET last_activity_at = (
    SELECT max(occurred_at) FROM number_activity WHERE number_sid = owned_numbers.sid
)
WHERE sid IN (SELECT number_sid FROM number_activity)
"""
COUNTED = """
SELECT number_sid, day, qualifying_calls, messages FROM number_activity_days
WHERE qualifying_calls > 0 OR messages > 0
ORDER BY number_sid, day DESC
"""


def upgrade() -> None:
    op.create_table(
        "number_activity_days",
        sa.Column("number_sid", sa.String(length=34), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("qualifying_calls", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["number_sid"],
            ["owned_numbers.sid"],
            name=op.f("fk_number_activity_days_number_sid_owned_numbers"),
        ),
        sa.PrimaryKeyConstraint("number_sid", "day", name=op.f("pk_number_activity_days")),
    )
    op.add_column("owned_numbers", sa.Column("last_activity_at", sa.DateTime(), nullable=True))
    op.add_column(
        "owned_numbers",
        sa.Column(
            "activity_anchor_day",
            sa.Date(),
            nullable=False,
            server_default=sa.text("'1970-01-01'"),
        ),
    )
    op.create_index(
        "ix_owned_numbers_origin_status_activity_anchor_day",
        "owned_numbers",
        ["origin", "status", "activity_anchor_day"],
        unique=False,
    )
    op.create_index(
        "ix_owned_numbers_status_reclaim_after",
        "owned_numbers",
        ["status", "reclaim_after"],
        unique=False,
    )
    _backfill(op.get_bind())


def _backfill(bind: sa.Connection) -> None:
    bind.execute(sa.text(BUCKETS))
    bind.execute(sa.text(LAST_ACTIVITY))
    anchors = list(_anchors(bind.execute(sa.text(COUNTED))))
    statement = sa.text("UPDATE owned_numbers SET activity_anchor_day = :anchor WHERE sid = :sid")
    statement = statement.bindparams(sa.bindparam("anchor", type_=sa.Date()))
    for start in range(0, len(anchors), BATCH):
        bind.execute(statement, anchors[start : start + BATCH])


def _anchors(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """One {sid, anchor} per number whose anchor is not EPOCH_DAY (rows newest first)."""
    sid, calls, messages, anchor = None, 0, 0, EPOCH_DAY
    for number_sid, day, qualifying_calls, sent_or_received in rows:
        if number_sid != sid:
            if anchor != EPOCH_DAY:
                yield {"sid": sid, "anchor": anchor}
            sid, calls, messages, anchor = number_sid, 0, 0, EPOCH_DAY
        calls += qualifying_calls
        messages += sent_or_received
        reached = calls >= MIN_QUALIFYING_EVENTS or messages >= MIN_QUALIFYING_EVENTS
        if anchor == EPOCH_DAY and reached:
            anchor = day if isinstance(day, date) else date.fromisoformat(str(day))
    if anchor != EPOCH_DAY:
        yield {"sid": sid, "anchor": anchor}


def downgrade() -> None:
    op.drop_index("ix_owned_numbers_status_reclaim_after", table_name="owned_numbers")
    op.drop_index("ix_owned_numbers_origin_status_activity_anchor_day", table_name="owned_numbers")
    # ALTER TABLE … DROP COLUMN on both (SQLite 3.35+): a batch rebuild of owned_numbers would
    # drop a table that other tables' rows refer to
    op.execute("ALTER TABLE owned_numbers DROP COLUMN activity_anchor_day")
    op.execute("ALTER TABLE owned_numbers DROP COLUMN last_activity_at")
    op.drop_table("number_activity_days")
