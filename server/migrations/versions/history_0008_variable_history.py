"""history: the variables of process and case instances (their latest values, which outlive
their scopes) and each change of a variable; variables count their revisions

Revision ID: history_0008
Revises: history_0007
Create Date: 2026-12-07 05:00:00.000000

Variables set before this revision have no history of what happened to them before it: their
next change writes a detail whose revision is counted from 0 at this revision, and creates no
historic variable instance (there is none to update).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "history_0008"
down_revision = "history_0007"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_CASE = sa.text("case_instance_id IS NOT NULL")
_TEXT = sa.text("text_value IS NOT NULL")


def _variable_columns() -> list[sa.Column]:
    return [
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("text_value", sa.Text(), nullable=True),
        sa.Column("long_value", _LONG, nullable=True),
        sa.Column("double_value", sa.Float(), nullable=True),
        sa.Column("bytes_value", sa.LargeBinary(), nullable=True),
        sa.Column("value_info", _JSON, nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
    ]


def _owner_columns() -> list[sa.Column]:
    return [
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("process_definition_id", sa.String(length=255), nullable=True),
        sa.Column("process_definition_key", sa.String(length=255), nullable=True),
        sa.Column("execution_id", _ID, nullable=True),
        sa.Column("activity_instance_id", sa.String(length=320), nullable=True),
        sa.Column("task_id", _ID, nullable=True),
        sa.Column("case_instance_id", _ID, nullable=True),
        sa.Column("case_definition_id", sa.String(length=255), nullable=True),
        sa.Column("case_definition_key", sa.String(length=255), nullable=True),
        sa.Column("case_execution_id", _ID, nullable=True),
        sa.Column("case_activity_id", sa.String(length=255), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
    ]


def upgrade() -> None:
    # Not in batch mode: SQLite adds a column in place, while a batch would copy the table and
    # lose its expression index (ix_variables_name_text).
    op.add_column("variables", sa.Column("revision", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.create_table(
        "historic_variable_instances",
        sa.Column("id", _ID, nullable=False),
        *_variable_columns(),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        *_owner_columns(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_historic_variable_instances_instance", "historic_variable_instances",
                    ["process_instance_id"])
    op.create_index("ix_historic_variable_instances_case_instance_id", "historic_variable_instances",
                    ["case_instance_id"], sqlite_where=_CASE, postgresql_where=_CASE)
    op.create_table(
        "historic_variable_updates",
        sa.Column("seq", _LONG, autoincrement=True, nullable=False),
        sa.Column("variable_instance_id", _ID, nullable=False),
        *_variable_columns(),
        sa.Column("event", sa.String(length=8), nullable=False),
        sa.Column("initial", sa.Boolean(), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        *_owner_columns(),
        sa.Column("user_operation_id", _ID, nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_historic_variable_updates_instance", "historic_variable_updates",
                    ["process_instance_id", "seq"])
    op.create_index("ix_historic_variable_updates_case_instance_id", "historic_variable_updates",
                    ["case_instance_id"], sqlite_where=_CASE, postgresql_where=_CASE)


def downgrade() -> None:
    op.drop_table("historic_variable_updates")
    op.drop_table("historic_variable_instances")
    op.drop_index("ix_variables_name_text", table_name="variables")
    with op.batch_alter_table("variables") as batch_op:
        batch_op.drop_column("revision")
    op.create_index("ix_variables_name_text", "variables", ["name", sa.text("substr(text_value, 1, 200)")],
                    sqlite_where=_TEXT, postgresql_where=_TEXT)
