"""history: the log of task identity links (assignee, owner, candidates added and deleted)

Revision ID: history_0015
Revises: history_0014
Create Date: 2026-12-08 09:00:00.000000

Tasks created before this revision have no entries for the links they were created with; later
changes are logged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0015"
down_revision = "history_0014"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_CASE = sa.text("case_instance_id IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "historic_identity_link_logs",
        sa.Column("seq", _LONG, autoincrement=True, nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("operation_type", sa.String(length=8), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=True),
        sa.Column("group_id", sa.String(length=255), nullable=True),
        sa.Column("assigner_id", sa.String(length=255), nullable=True),
        sa.Column("task_id", _ID, nullable=False),
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("process_definition_id", sa.String(length=255), nullable=True),
        sa.Column("process_definition_key", sa.String(length=255), nullable=True),
        sa.Column("case_instance_id", _ID, nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,  # seq is the public id: never handed out twice
    )
    op.create_index("ix_historic_identity_link_logs_instance", "historic_identity_link_logs",
                    ["process_instance_id"])
    op.create_index("ix_historic_identity_link_logs_case_instance_id", "historic_identity_link_logs",
                    ["case_instance_id"], sqlite_where=_CASE, postgresql_where=_CASE)
    op.create_index("ix_historic_identity_link_logs_task", "historic_identity_link_logs", ["task_id"])


def downgrade() -> None:
    op.drop_table("historic_identity_link_logs")
