"""history: the values submitted with forms are details of the history too

Revision ID: history_0018
Revises: history_0017
Create Date: 2026-12-08 14:00:00.000000

The details table (historic_variable_updates) holds two kinds of detail from now on, told apart
by ``detail_type``: the changes of variables (variableUpdate, every row before this revision)
and the values SubmitTaskForm and SubmitStartForm submitted (formField, the document's
engine's HistoricFormField). A form field's row has no variable: ``variable_instance_id``,
``revision`` and ``event`` may be empty. PostgreSQL drops the NOT NULLs in place; SQLite copies
the table once (its ids kept, AUTOINCREMENT kept, the partial index made again after the copy,
as history_0011 does). The downgrade deletes the form fields' rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0018"
down_revision = "history_0017"
branch_labels = None
depends_on = None

_TABLE = "historic_variable_updates"
_CASE_INDEX = "ix_historic_variable_updates_case_instance_id"
_CASE = sa.text("case_instance_id IS NOT NULL")
# The variable's own columns, empty in a form field's row.
_OF_A_VARIABLE = (("variable_instance_id", sa.String(length=64)), ("revision", sa.Integer()),
                  ("event", sa.String(length=8)))


def _detail_type() -> sa.Column:
    return sa.Column("detail_type", sa.String(length=16), server_default="variableUpdate", nullable=False)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.add_column(_TABLE, _detail_type())
        for name, type_ in _OF_A_VARIABLE:
            op.alter_column(_TABLE, name, existing_type=type_, nullable=True)
        return
    op.drop_index(_CASE_INDEX, table_name=_TABLE)
    with op.batch_alter_table(_TABLE, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(_detail_type())
        for name, type_ in _OF_A_VARIABLE:
            batch.alter_column(name, existing_type=type_, nullable=True)
    op.create_index(_CASE_INDEX, _TABLE, ["case_instance_id"], sqlite_where=_CASE)


def downgrade() -> None:
    op.execute(sa.text(f"DELETE FROM {_TABLE} WHERE detail_type <> 'variableUpdate'"))
    if op.get_bind().dialect.name != "sqlite":
        for name, type_ in _OF_A_VARIABLE:
            op.alter_column(_TABLE, name, existing_type=type_, nullable=False)
        op.drop_column(_TABLE, "detail_type")
        return
    op.drop_index(_CASE_INDEX, table_name=_TABLE)
    with op.batch_alter_table(_TABLE, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
        for name, type_ in _OF_A_VARIABLE:
            batch.alter_column(name, existing_type=type_, nullable=False)
        batch.drop_column("detail_type")
    op.create_index(_CASE_INDEX, _TABLE, ["case_instance_id"], sqlite_where=_CASE)
