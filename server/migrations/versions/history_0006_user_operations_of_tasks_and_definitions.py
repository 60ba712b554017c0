"""history: the operation log names user tasks, deployments and case definitions

Revision ID: history_0006
Revises: history_0005
Create Date: 2026-12-07 06:00:00.000000

Entries written before this revision name none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0006"
down_revision = "history_0005"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)


def upgrade() -> None:
    with op.batch_alter_table("user_operations") as batch_op:
        batch_op.add_column(sa.Column("task_id", _ID, nullable=True))
        batch_op.add_column(sa.Column("deployment_id", _ID, nullable=True))
        batch_op.add_column(sa.Column("case_definition_id", sa.String(length=255), nullable=True))
    condition = sa.text("task_id IS NOT NULL")
    op.create_index("ix_user_operations_task_id", "user_operations", ["task_id"],
                    sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    op.drop_index("ix_user_operations_task_id", table_name="user_operations")
    with op.batch_alter_table("user_operations") as batch_op:
        batch_op.drop_column("case_definition_id")
        batch_op.drop_column("deployment_id")
        batch_op.drop_column("task_id")
