"""decisions: the history of decision evaluations (historic decision instances, with their inputs
and outputs), and the history cleanup counts the standalone ones it removes

Revision ID: decisions_0002
Revises: decisions_0001
Create Date: 2026-12-21 09:00:00.000000

Evaluations before this revision left no history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "decisions_0002"
down_revision = "decisions_0001"
branch_labels = None
# The history cleanup's schedule row (history_cleanup) gets a column.
depends_on = ("history_0002",)

_ID = sa.String(length=64)
_LONG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _value_columns() -> list[sa.Column]:
    return [
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("text_value", sa.Text(), nullable=True),
        sa.Column("long_value", _LONG, nullable=True),
        sa.Column("double_value", sa.Float(), nullable=True),
        sa.Column("bytes_value", sa.LargeBinary(), nullable=True),
        sa.Column("value_info", _JSON, nullable=True),
    ]


def _sparse(table: str, column: str) -> None:
    where = sa.text(f"{column} IS NOT NULL")
    op.create_index(f"ix_{table}_{column}", table, [column], sqlite_where=where, postgresql_where=where)


def upgrade() -> None:
    op.create_table(
        "historic_decision_instances",
        sa.Column("id", _ID, nullable=False),
        sa.Column("decision_definition_id", sa.String(length=255), nullable=False),
        sa.Column("decision_definition_key", sa.String(length=255), nullable=False),
        sa.Column("decision_definition_name", sa.String(length=255), nullable=True),
        sa.Column("evaluation_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("process_definition_id", sa.String(length=255), nullable=True),
        sa.Column("process_definition_key", sa.String(length=255), nullable=True),
        sa.Column("process_instance_id", _ID, nullable=True),
        sa.Column("root_process_instance_id", _ID, nullable=True),
        sa.Column("case_definition_id", sa.String(length=255), nullable=True),
        sa.Column("case_definition_key", sa.String(length=255), nullable=True),
        sa.Column("case_instance_id", _ID, nullable=True),
        sa.Column("activity_id", sa.String(length=255), nullable=True),
        sa.Column("activity_instance_id", sa.String(length=320), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.String(length=255), nullable=True),
        sa.Column("collect_result_value", sa.Float(), nullable=True),
        sa.Column("root_decision_instance_id", _ID, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historic_decision_instances")),
    )
    op.create_index(op.f("ix_historic_decision_instances_decision_definition_id"), "historic_decision_instances",
                    ["decision_definition_id"])
    op.create_index("ix_historic_decision_instances_evaluation_time", "historic_decision_instances",
                    ["evaluation_time"])
    for column in ("process_instance_id", "case_instance_id", "root_decision_instance_id"):
        _sparse("historic_decision_instances", column)
    op.create_table(
        "historic_decision_inputs",
        sa.Column("id", _ID, nullable=False),
        sa.Column("decision_instance_id", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Text(), nullable=False),
        sa.Column("clause_name", sa.Text(), nullable=True),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        *_value_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historic_decision_inputs")),
    )
    op.create_index(op.f("ix_historic_decision_inputs_decision_instance_id"), "historic_decision_inputs",
                    ["decision_instance_id"])
    op.create_table(
        "historic_decision_outputs",
        sa.Column("id", _ID, nullable=False),
        sa.Column("decision_instance_id", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Text(), nullable=True),
        sa.Column("clause_name", sa.Text(), nullable=True),
        sa.Column("rule_id", sa.Text(), nullable=True),
        sa.Column("rule_order", sa.Integer(), nullable=True),
        sa.Column("variable_name", sa.Text(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        *_value_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historic_decision_outputs")),
    )
    op.create_index(op.f("ix_historic_decision_outputs_decision_instance_id"), "historic_decision_outputs",
                    ["decision_instance_id"])
    op.add_column("history_cleanup", sa.Column("last_removed_decision_instances", sa.Integer(), nullable=False,
                                               server_default="0"))


def downgrade() -> None:
    op.drop_column("history_cleanup", "last_removed_decision_instances")
    op.drop_table("historic_decision_outputs")
    op.drop_table("historic_decision_inputs")
    op.drop_table("historic_decision_instances")
