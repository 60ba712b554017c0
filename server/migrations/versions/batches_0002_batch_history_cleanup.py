"""batches: the history cleanup removes ended batches (by their end time), and counts them

Revision ID: batches_0002
Revises: batches_0001
Create Date: 2026-12-09 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "batches_0002"
down_revision = "batches_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_historic_batches_end_time"), "historic_batches", ["end_time"])
    op.add_column("history_cleanup", sa.Column("last_removed_batches", sa.Integer(), nullable=False,
                                               server_default="0"))


def downgrade() -> None:
    op.drop_column("history_cleanup", "last_removed_batches")
    op.drop_index(op.f("ix_historic_batches_end_time"), table_name="historic_batches")
