"""history: process and case definitions keep their history time to live (days)

Revision ID: history_0001
Revises: engine_0003
Create Date: 2026-12-07 00:00:00.000000

Definitions deployed before this revision get none (their camunda:historyTimeToLive was not
kept): their history stays until UpdateProcessDefinitionHistoryTimeToLive or
UpdateCaseDefinitionHistoryTimeToLive sets one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0001"
down_revision = "engine_0003"
branch_labels = ("history",)
depends_on = "cases_0001"

_TABLES = ("process_definitions", "case_definitions")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("history_time_to_live", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("history_time_to_live")
