"""history: indexes for the history reports

Revision ID: history_0017
Revises: history_0016
Create Date: 2026-12-07 22:00:00.000000

QueryHistoricActivityStatistics and QueryHistoricCaseActivityStatistics count a definition's
activity instances per activity, and the task reports read ended tasks by their end time: each
scanned its whole table before.
"""

from __future__ import annotations

from alembic import op

revision = "history_0017"
down_revision = "history_0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_historic_activity_instances_definition", "historic_activity_instances",
                    ["process_definition_id", "activity_id"])
    op.create_index("ix_historic_case_activity_instances_definition", "historic_case_activity_instances",
                    ["case_definition_id", "activity_id"])
    op.create_index("ix_historic_task_instances_end_time", "historic_task_instances", ["end_time"])


def downgrade() -> None:
    op.drop_index("ix_historic_task_instances_end_time", table_name="historic_task_instances")
    op.drop_index("ix_historic_case_activity_instances_definition", table_name="historic_case_activity_instances")
    op.drop_index("ix_historic_activity_instances_definition", table_name="historic_activity_instances")
