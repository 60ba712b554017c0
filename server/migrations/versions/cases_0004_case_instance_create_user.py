"""cases: the user whose call created a case instance (the historic case instance's
createUserId)

Revision ID: cases_0004
Revises: cases_0003
Create Date: 2026-12-10 09:00:00.000000

Case instances created before this revision have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cases_0004"
down_revision = "cases_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite rebuilds the table and its partial index).
    op.add_column("case_instances", sa.Column("create_user_id", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_instances") as batch_op:
        batch_op.drop_column("create_user_id")
