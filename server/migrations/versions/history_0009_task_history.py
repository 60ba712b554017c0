"""history: the user tasks of processes and human tasks of cases, running and ended

Revision ID: history_0009
Revises: history_0008
Create Date: 2026-12-07 06:00:00.000000

Tasks created before this revision have no historic task instance; their later changes and
their end update none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0009"
down_revision = "history_0008"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)
_CASE = sa.text("case_instance_id IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "historic_task_instances",
        sa.Column("id", _ID, nullable=False),
        sa.Column("task_definition_key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("assignee", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delete_reason", sa.String(length=64), nullable=True),
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("process_definition_id", sa.String(length=255), nullable=True),
        sa.Column("process_definition_key", sa.String(length=255), nullable=True),
        sa.Column("execution_id", _ID, nullable=True),
        sa.Column("activity_instance_id", sa.String(length=320), nullable=True),
        sa.Column("case_instance_id", _ID, nullable=True),
        sa.Column("case_definition_id", sa.String(length=255), nullable=True),
        sa.Column("case_definition_key", sa.String(length=255), nullable=True),
        sa.Column("case_execution_id", _ID, nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_historic_task_instances_instance", "historic_task_instances", ["process_instance_id"])
    op.create_index("ix_historic_task_instances_case_instance_id", "historic_task_instances",
                    ["case_instance_id"], sqlite_where=_CASE, postgresql_where=_CASE)


def downgrade() -> None:
    op.drop_table("historic_task_instances")
