"""sparse indexes on mostly-NULL columns: caller and parent ids, variables' typed values

SQLite's planner, once statistics exist (ANALYZE, PRAGMA optimize), judged full indexes of these
columns unselective — most rows are NULL — and scanned executions and process instances on every
completion, and the variables on every variable filter. Indexes over the non-NULL rows only keep
the lookups indexed.

Revision ID: engine_0002
Revises: engine_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "engine_0002"
down_revision = "engine_0001"
branch_labels = None
depends_on = None

_COLUMNS = [
    ("executions", "parent_id"),
    ("executions", "super_execution_id"),
    ("process_instances", "super_process_instance_id"),
    ("process_instances", "super_execution_id"),
    ("process_instances", "super_case_execution_id"),
    ("variables", "case_instance_id"),
    ("tasks", "case_execution_id"),
    ("tasks", "case_instance_id"),
]


# (index, table, leading columns, the mostly-NULL column)
_VALUE_INDEXES = [
    ("ix_variables_name_text", "variables", ["name"], "text_value"),
    ("ix_variables_name_long", "variables", ["name"], "long_value"),
    ("ix_variables_name_double", "variables", ["name"], "double_value"),
]


def _indexes() -> list[tuple[str, str, list[str], str]]:
    return [(f"ix_{table}_{column}", table, [], column) for table, column in _COLUMNS] + _VALUE_INDEXES


def upgrade() -> None:
    for name, table, leading, column in _indexes():
        op.drop_index(name, table_name=table)
        condition = sa.text(f"{column} IS NOT NULL")
        op.create_index(name, table, [*leading, column], sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    for name, table, leading, column in _indexes():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [*leading, column])
