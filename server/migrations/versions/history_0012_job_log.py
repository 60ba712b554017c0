"""history: the log of jobs (created, failed, succeeded, deleted)

Revision ID: history_0012
Revises: history_0011
Create Date: 2026-12-07 08:00:00.000000

Jobs created before this revision have no creation entry; their later events are logged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0012"
down_revision = "history_0011"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "historic_job_logs",
        sa.Column("seq", _LONG, autoincrement=True, nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("job_id", _ID, nullable=False),
        sa.Column("job_type", sa.String(length=32), nullable=False),
        sa.Column("job_due_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("job_retries", sa.Integer(), nullable=False),
        sa.Column("job_priority", _LONG, nullable=False),
        sa.Column("job_exception_message", sa.Text(), nullable=True),
        sa.Column("job_exception_details", sa.Text(), nullable=True),
        sa.Column("job_definition_id", _ID, nullable=True),
        sa.Column("activity_id", sa.String(length=255), nullable=True),
        sa.Column("execution_id", _ID, nullable=True),
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("process_definition_id", sa.String(length=255), nullable=True),
        sa.Column("process_definition_key", sa.String(length=255), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,  # seq is the public id: never handed out twice
    )
    op.create_index("ix_historic_job_logs_instance", "historic_job_logs", ["process_instance_id", "seq"])
    op.create_index("ix_historic_job_logs_job", "historic_job_logs", ["job_id"])


def downgrade() -> None:
    op.drop_table("historic_job_logs")
