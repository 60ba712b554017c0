"""metrics: indexes on the time columns MetricsService counts by

Revision ID: metrics_0001
Revises: history_0017
Create Date: 2026-12-08 12:00:00.000000

MetricsService derives each metric from rows the engine keeps (nothing is written for it), in a
window of one time column: process instances by their start (root-process-instance-start), the
activity history's passes by their start and the ended ones by their end (a partial index: the
running passes have none), the job log's entries by state and time (job-successful, job-failed)
and the identity link log's entries by type, operation and time (unique-task-workers). The
decision history's evaluation time has its index already (decisions_0002). Without these a
metric over an hour would read its whole table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "metrics_0001"
down_revision = "history_0017"
branch_labels = ("metrics",)
depends_on = None

_ENDED = sa.text("end_time IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_process_instances_start_time", "process_instances", ["start_time"])
    op.create_index("ix_historic_activity_instances_start_time", "historic_activity_instances", ["start_time"])
    op.create_index("ix_historic_activity_instances_end_time", "historic_activity_instances", ["end_time"],
                    sqlite_where=_ENDED, postgresql_where=_ENDED)
    op.create_index("ix_historic_job_logs_state_timestamp", "historic_job_logs", ["state", "timestamp"])
    op.create_index("ix_historic_identity_link_logs_type_timestamp", "historic_identity_link_logs",
                    ["type", "operation_type", "timestamp"])


def downgrade() -> None:
    op.drop_index("ix_historic_identity_link_logs_type_timestamp", table_name="historic_identity_link_logs")
    op.drop_index("ix_historic_job_logs_state_timestamp", table_name="historic_job_logs")
    op.drop_index("ix_historic_activity_instances_end_time", table_name="historic_activity_instances")
    op.drop_index("ix_historic_activity_instances_start_time", table_name="historic_activity_instances")
    op.drop_index("ix_process_instances_start_time", table_name="process_instances")
