"""engine: the user whose call started a process instance

Revision ID: engine_0004
Revises: engine_0003
Create Date: 2026-12-07 06:00:00.000000

Instances started before this revision have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "engine_0004"
down_revision = "engine_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("process_instances") as batch_op:
        batch_op.add_column(sa.Column("start_user_id", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("process_instances") as batch_op:
        batch_op.drop_column("start_user_id")
