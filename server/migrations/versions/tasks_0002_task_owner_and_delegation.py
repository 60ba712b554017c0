"""tasks: a user task's owner and delegation state, and the owner in the task history

Revision ID: tasks_0002
Revises: tasks_0001
Create Date: 2026-12-07 09:00:00.000000

DelegateTask and ResolveTask set them (and UpdateTask the owner); tasks created before this
revision have neither, nor do their historic task instances.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tasks_0002"
down_revision = "tasks_0001"
branch_labels = None
depends_on = ("history_0009",)


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite rebuilds the table and its partial indexes).
    op.add_column("tasks", sa.Column("owner", sa.String(length=255), nullable=True))
    op.add_column("tasks", sa.Column("delegation_state", sa.String(length=16), nullable=True))
    op.add_column("historic_task_instances", sa.Column("owner", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("historic_task_instances") as batch_op:
        batch_op.drop_column("owner")
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.drop_column("delegation_state")
        batch_op.drop_column("owner")
