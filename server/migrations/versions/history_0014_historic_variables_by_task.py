"""history: historic variable instances found by their task (the historic task query's
task_variables)

Revision ID: history_0014
Revises: history_0013
Create Date: 2026-12-07 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0014"
down_revision = "history_0013"
branch_labels = None
depends_on = None

_TASK = sa.text("task_id IS NOT NULL")


def upgrade() -> None:
    # A plain CREATE INDEX: batch mode would copy the table on SQLite.
    op.create_index("ix_historic_variable_instances_task_id", "historic_variable_instances", ["task_id"],
                    sqlite_where=_TASK, postgresql_where=_TASK)


def downgrade() -> None:
    op.drop_index("ix_historic_variable_instances_task_id", "historic_variable_instances")
