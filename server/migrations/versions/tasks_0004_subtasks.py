"""tasks: subtasks (a task's parent task), in the runtime and in the task history

Revision ID: tasks_0004
Revises: tasks_0003
Create Date: 2026-12-07 12:00:00.000000

CreateTask's parent_task_id; QueryTasks' parent_task_id and the task history's
task_parent_task_id filters use the (sparse) indexes. Tasks before this revision have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tasks_0004"
down_revision = "tasks_0003"
branch_labels = None
depends_on = None

_PARENT = sa.text("parent_task_id IS NOT NULL")
_TABLES = ("tasks", "historic_task_instances")


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite rebuilds the table and its partial indexes).
    for table in _TABLES:
        op.add_column(table, sa.Column("parent_task_id", sa.String(length=64), nullable=True))
        op.create_index(f"ix_{table}_parent_task_id", table, ["parent_task_id"], sqlite_where=_PARENT,
                        postgresql_where=_PARENT)


def downgrade() -> None:
    for table in reversed(_TABLES):
        op.drop_index(f"ix_{table}_parent_task_id", table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("parent_task_id")
