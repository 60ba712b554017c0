"""tasks: comments and attachments of user tasks

Revision ID: tasks_0003
Revises: tasks_0002
Create Date: 2026-12-08 12:00:00.000000

TaskService's Create/Get/Update/DeleteTaskComment(s) and Create/Get/DeleteTaskAttachment keep
them; they outlive their task and go with its process instance (or case instance). Also the
indexes of the owner filters (tasks.owner, historic_task_instances.owner).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tasks_0003"
down_revision = "tasks_0002"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_CASE = sa.text("case_instance_id IS NOT NULL")
_OWNER = sa.text("owner IS NOT NULL")


def _owner_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    """The columns both tables have: the task, its instance (or case) and tenant."""
    return [
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("root_process_instance_id", _ID, nullable=True),
        sa.Column("case_instance_id", _ID, nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
    ]


def _indexes(table: str) -> None:
    op.create_index(f"ix_{table}_task", table, ["task_id", "seq"])
    op.create_index(f"ix_{table}_instance", table, ["process_instance_id"])
    op.create_index(f"ix_{table}_case_instance_id", table, ["case_instance_id"], sqlite_where=_CASE,
                    postgresql_where=_CASE)


def upgrade() -> None:
    op.create_table(
        "task_comments",
        sa.Column("seq", _LONG, autoincrement=True, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("task_id", _ID, nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.String(length=4000), nullable=False),
        *_owner_columns(),
        sa.PrimaryKeyConstraint("seq", name="pk_task_comments"),
        sa.UniqueConstraint("id", name="uq_task_comments_id"),
    )
    _indexes("task_comments")
    op.create_table(
        "task_attachments",
        sa.Column("seq", _LONG, autoincrement=True, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("task_id", _ID, nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("description", sa.String(length=4000), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=4000), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        *_owner_columns(),
        sa.PrimaryKeyConstraint("seq", name="pk_task_attachments"),
        sa.UniqueConstraint("id", name="uq_task_attachments_id"),
    )
    _indexes("task_attachments")
    # The owner filters of QueryTasks and the task history (owner is NULL but for delegated or
    # owned tasks).
    op.create_index("ix_tasks_owner", "tasks", ["owner"], sqlite_where=_OWNER, postgresql_where=_OWNER)
    op.create_index("ix_historic_task_instances_owner", "historic_task_instances", ["owner"],
                    sqlite_where=_OWNER, postgresql_where=_OWNER)


def downgrade() -> None:
    op.drop_index("ix_historic_task_instances_owner", table_name="historic_task_instances")
    op.drop_index("ix_tasks_owner", table_name="tasks")
    op.drop_table("task_attachments")
    op.drop_table("task_comments")
