"""history: the activity instances of process instances (which activities a path passed, when,
and how each ended)

Revision ID: history_0003
Revises: history_0002
Create Date: 2026-12-07 03:00:00.000000

Instances that ran before this revision have no rows for what they did before it; their later
activities are recorded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0003"
down_revision = "history_0002"
branch_labels = None
depends_on = None

_OPEN = sa.text("end_time IS NULL")


def upgrade() -> None:
    op.create_table(
        "historic_activity_instances",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=320), nullable=False),
        sa.Column("parent_activity_instance_id", sa.String(length=320), nullable=False),
        sa.Column("process_instance_id", sa.String(length=64), nullable=False),
        sa.Column("execution_id", sa.String(length=64), nullable=False),
        sa.Column("activity_id", sa.String(length=255), nullable=False),
        sa.Column("activity_name", sa.Text(), nullable=True),
        sa.Column("activity_type", sa.String(length=64), nullable=False),
        sa.Column("process_definition_id", sa.String(length=255), nullable=False),
        sa.Column("process_definition_key", sa.String(length=255), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("task_id", sa.String(length=64), nullable=True),
        sa.Column("called_process_instance_id", sa.String(length=64), nullable=True),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("canceled", sa.Boolean(), nullable=False),
        sa.Column("complete_scope", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )
    op.create_index("ix_historic_activity_instances_instance", "historic_activity_instances",
                    ["process_instance_id", "seq"])
    op.create_index("ix_historic_activity_instances_open", "historic_activity_instances",
                    ["execution_id", "activity_id"], sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    op.drop_table("historic_activity_instances")
