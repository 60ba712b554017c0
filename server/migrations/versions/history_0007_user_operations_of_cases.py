"""history: the operation log names case instances and case executions (a case's human tasks)

Revision ID: history_0007
Revises: history_0006
Create Date: 2026-12-07 07:00:00.000000

Entries written before this revision name none (none was written for a case's human task).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0007"
down_revision = "history_0006"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)


def upgrade() -> None:
    with op.batch_alter_table("user_operations") as batch_op:
        batch_op.add_column(sa.Column("case_instance_id", _ID, nullable=True))
        batch_op.add_column(sa.Column("case_execution_id", _ID, nullable=True))
    condition = sa.text("case_instance_id IS NOT NULL")
    op.create_index("ix_user_operations_case_instance_id", "user_operations", ["case_instance_id"],
                    sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    op.drop_index("ix_user_operations_case_instance_id", table_name="user_operations")
    with op.batch_alter_table("user_operations") as batch_op:
        batch_op.drop_column("case_execution_id")
        batch_op.drop_column("case_instance_id")
