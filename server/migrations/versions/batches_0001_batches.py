"""batches: running batches with their items, the batch history, and the batch of an operation
log entry

Revision ID: batches_0001
Revises: history_0015
Create Date: 2026-12-08 08:00:00.000000

Operation log entries written before this revision name no batch.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "batches_0001"
down_revision = "history_0015"
branch_labels = ("batches",)
depends_on = None

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", _ID, nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("total_items", sa.Integer(), nullable=False),
        sa.Column("total_jobs", sa.Integer(), nullable=False),
        sa.Column("jobs_created", sa.Integer(), nullable=False),
        sa.Column("batch_jobs_per_seed", sa.Integer(), nullable=False),
        sa.Column("invocations_per_batch_job", sa.Integer(), nullable=False),
        sa.Column("seed_job_definition_id", _ID, nullable=False),
        sa.Column("monitor_job_definition_id", _ID, nullable=False),
        sa.Column("batch_job_definition_id", _ID, nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("create_user_id", sa.String(length=255), nullable=False),
        sa.Column("creator_user_id", _LONG, nullable=False),
        sa.Column("creator_tenants", _JSON, nullable=False),
        sa.Column("creator_admin", sa.Boolean(), nullable=False),
        sa.Column("configuration", _JSON, nullable=False),
        sa.Column("start_time", _WHEN, nullable=False),
        sa.Column("execution_start_time", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    op.create_index(op.f("ix_batches_type"), "batches", ["type"])
    op.create_index(op.f("ix_batches_tenant_id"), "batches", ["tenant_id"])
    op.create_table(
        "batch_items",
        sa.Column("batch_id", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "position", name=op.f("pk_batch_items")),
    )
    op.create_table(
        "historic_batches",
        sa.Column("id", _ID, nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("total_jobs", sa.Integer(), nullable=False),
        sa.Column("batch_jobs_per_seed", sa.Integer(), nullable=False),
        sa.Column("invocations_per_batch_job", sa.Integer(), nullable=False),
        sa.Column("seed_job_definition_id", _ID, nullable=False),
        sa.Column("monitor_job_definition_id", _ID, nullable=False),
        sa.Column("batch_job_definition_id", _ID, nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("create_user_id", sa.String(length=255), nullable=False),
        sa.Column("start_time", _WHEN, nullable=False),
        sa.Column("execution_start_time", _WHEN, nullable=True),
        sa.Column("end_time", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historic_batches")),
    )
    op.create_index(op.f("ix_historic_batches_tenant_id"), "historic_batches", ["tenant_id"])
    op.create_index(op.f("ix_historic_batches_start_time"), "historic_batches", ["start_time"])
    # user_operations has partial indexes: add the column in place (no batch mode on SQLite).
    op.add_column("user_operations", sa.Column("batch_id", _ID, nullable=True))
    condition = sa.text("batch_id IS NOT NULL")
    op.create_index("ix_user_operations_batch_id", "user_operations", ["batch_id"],
                    sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    op.drop_index("ix_user_operations_batch_id", table_name="user_operations")
    with op.batch_alter_table("user_operations") as batch_op:
        batch_op.drop_column("batch_id")
    op.drop_table("historic_batches")
    op.drop_table("batch_items")
    op.drop_table("batches")
