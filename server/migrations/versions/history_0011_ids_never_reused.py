"""history: the ids of variable history details and external task log entries are never handed
out twice on SQLite

Revision ID: history_0011
Revises: history_0010
Create Date: 2026-12-07 07:30:00.000000

Their ``seq`` is their public id. An INTEGER PRIMARY KEY without AUTOINCREMENT gives a new row
max(rowid) + 1, so after the newest rows were deleted (the history cleanup, a deletion) a new
entry took a deleted one's id. SQLite copies each table into one declared AUTOINCREMENT (the
ids already given stay); PostgreSQL's sequences never reuse a value, so nothing changes there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0011"
down_revision = "history_0010"
branch_labels = None
depends_on = None

_CASE = sa.text("case_instance_id IS NOT NULL")
# Each table, and its partial indexes (made again after the copy, with their conditions).
_TABLES = {
    "historic_variable_updates": [("ix_historic_variable_updates_case_instance_id", ["case_instance_id"], _CASE)],
    "historic_external_task_logs": [],
}


def _copy(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, partial in _TABLES.items():
        for name, _, _ in partial:
            op.drop_index(name, table_name=table)
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
        for name, columns, where in partial:
            op.create_index(name, table, columns, sqlite_where=where)


def upgrade() -> None:
    _copy(True)


def downgrade() -> None:
    _copy(False)
