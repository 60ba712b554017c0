"""history: the log of external tasks (created, failed, succeeded, deleted), and the activity
instance of each external task

Revision ID: history_0010
Revises: history_0009
Create Date: 2026-12-07 07:00:00.000000

External tasks created before this revision have no creation entry and no activity instance;
their later events are logged without one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0010"
down_revision = "history_0009"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # In place (not a batch): SQLite adds a nullable column without copying the table.
    op.add_column("external_tasks", sa.Column("activity_instance_id", sa.String(length=320), nullable=True))
    op.create_table(
        "historic_external_task_logs",
        sa.Column("seq", _LONG, autoincrement=True, nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("external_task_id", _ID, nullable=False),
        sa.Column("topic_name", sa.String(length=255), nullable=False),
        sa.Column("worker_id", sa.String(length=255), nullable=True),
        sa.Column("priority", _LONG, nullable=False),
        sa.Column("retries", sa.Integer(), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("error_details", sa.Text(), nullable=True),
        sa.Column("activity_id", sa.String(length=255), nullable=False),
        sa.Column("activity_instance_id", sa.String(length=320), nullable=True),
        sa.Column("execution_id", _ID, nullable=False),
        sa.Column("process_instance_id", _ID, nullable=False),
        sa.Column("process_definition_id", sa.String(length=255), nullable=False),
        sa.Column("process_definition_key", sa.String(length=255), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_historic_external_task_logs_instance", "historic_external_task_logs",
                    ["process_instance_id", "seq"])
    op.create_index("ix_historic_external_task_logs_task", "historic_external_task_logs", ["external_task_id"])


def downgrade() -> None:
    op.drop_table("historic_external_task_logs")
    with op.batch_alter_table("external_tasks") as batch_op:
        batch_op.drop_column("activity_instance_id")
