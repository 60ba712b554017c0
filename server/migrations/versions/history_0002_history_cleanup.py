"""history: the cleanup's schedule, and indexes of ended instances by end (process) and close
(case) time

Revision ID: history_0002
Revises: history_0001
Create Date: 2026-12-07 00:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0002"
down_revision = "history_0001"
branch_labels = None
depends_on = None

_ENDED = [("process_instances", "end_time"), ("case_instances", "close_time")]


def upgrade() -> None:
    for table, column in _ENDED:
        condition = sa.text(f"{column} IS NOT NULL")
        op.create_index(f"ix_{table}_{column}", table, [column], sqlite_where=condition, postgresql_where=condition)
    schedule = op.create_table(
        "history_cleanup",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("due_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_removed_process_instances", sa.Integer(), nullable=False),
        sa.Column("last_removed_case_instances", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # The one schedule row (server.engine.history), there before any replica starts: replicas
    # lock it and never race to create it. Due at once: the first round comes with the first poll.
    op.bulk_insert(schedule, [{"name": "history", "due_time": None, "last_run_time": None,
                               "last_removed_process_instances": 0, "last_removed_case_instances": 0}])


def downgrade() -> None:
    op.drop_table("history_cleanup")
    for table, column in _ENDED:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
