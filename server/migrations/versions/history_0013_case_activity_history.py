"""history: the plan items of case instances, running and ended (the case activity history)

Revision ID: history_0013
Revises: history_0012
Create Date: 2026-12-07 08:00:00.000000

The plan items of case instances that are not closed yet (their case executions still exist)
get their row now, as they stand: state, times, the task of a human task (from the task
history, else the running task), the instance a process or case task called. Closed case
instances' plan items are gone and get none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0013"
down_revision = "history_0012"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)

_BACKFILL = """
INSERT INTO historic_case_activity_instances (
    id, parent_id, case_instance_id, case_definition_id, activity_id, activity_name, activity_type,
    state, required, position, task_id, called_process_instance_id, called_case_instance_id,
    tenant_id, create_time, end_time)
SELECT e.id, e.parent_id, e.case_instance_id, e.case_definition_id, e.activity_id, e.activity_name,
    e.activity_type, e.state, e.required, e.position,
    COALESCE((SELECT MIN(h.id) FROM historic_task_instances h WHERE h.case_execution_id = e.id),
             (SELECT MIN(t.id) FROM tasks t WHERE t.case_execution_id = e.id)),
    (SELECT MIN(p.id) FROM process_instances p WHERE p.super_case_execution_id = e.id),
    (SELECT MIN(c.id) FROM case_instances c WHERE c.super_case_execution_id = e.id),
    e.tenant_id, e.create_time, e.end_time
FROM case_executions e
WHERE e.parent_id IS NOT NULL
"""


def upgrade() -> None:
    op.create_table(
        "historic_case_activity_instances",
        sa.Column("id", _ID, nullable=False),
        sa.Column("parent_id", _ID, nullable=False),
        sa.Column("case_instance_id", _ID, nullable=False),
        sa.Column("case_definition_id", sa.String(length=255), nullable=False),
        sa.Column("activity_id", sa.String(length=255), nullable=False),
        sa.Column("activity_name", sa.String(length=255), nullable=True),
        sa.Column("activity_type", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("task_id", _ID, nullable=True),
        sa.Column("called_process_instance_id", _ID, nullable=True),
        sa.Column("called_case_instance_id", _ID, nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_historic_case_activity_instances_case", "historic_case_activity_instances",
                    ["case_instance_id"])
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_table("historic_case_activity_instances")
