"""tasks: a user task's description and follow-up date

Revision ID: tasks_0001
Revises: engine_0003
Create Date: 2026-12-07 00:00:00.000000

Both are set through TaskService.UpdateTask; tasks created before this revision have neither.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tasks_0001"
down_revision = "engine_0003"
branch_labels = ("tasks",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("follow_up_date", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.drop_column("follow_up_date")
        batch_op.drop_column("description")
