"""history: the operation log (who did what to which instance, incident, job, task or step)

Revision ID: history_0005
Revises: history_0004
Create Date: 2026-12-07 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0005"
down_revision = "history_0004"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)


def upgrade() -> None:
    op.create_table(
        "user_operations",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("operation_id", _ID, nullable=False),
        sa.Column("operation_type", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("property", sa.String(length=255), nullable=True),
        sa.Column("org_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("process_definition_id", sa.String(length=255), nullable=True),
        sa.Column("process_definition_key", sa.String(length=255), nullable=True),
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("execution_id", _ID, nullable=True),
        sa.Column("job_id", _ID, nullable=True),
        sa.Column("job_definition_id", _ID, nullable=True),
        sa.Column("incident_id", _ID, nullable=True),
        sa.Column("external_task_id", _ID, nullable=True),
        sa.Column("process_step_id", _ID, nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )
    condition = sa.text("process_instance_id IS NOT NULL")
    op.create_index("ix_user_operations_process_instance_id", "user_operations", ["process_instance_id"],
                    sqlite_where=condition, postgresql_where=condition)
    op.create_index("ix_user_operations_timestamp", "user_operations", ["timestamp"])


def downgrade() -> None:
    op.drop_table("user_operations")
