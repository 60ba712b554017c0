"""history: the assignee of a user task's activity instance

Revision ID: history_0004
Revises: history_0003
Create Date: 2026-12-07 04:00:00.000000

Activity instances recorded before this revision have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "history_0004"
down_revision = "history_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("historic_activity_instances") as batch_op:
        batch_op.add_column(sa.Column("assignee", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("historic_activity_instances") as batch_op:
        batch_op.drop_column("assignee")
