"""engine: the ended process instance a restarted instance was started from

Revision ID: engine_0005
Revises: engine_0004
Create Date: 2026-12-09 08:00:00.000000

Instances started before this revision, and any not started by RestartProcessInstances, have
none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "engine_0005"
down_revision = "engine_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite would rebuild the table and its partial indexes).
    op.add_column("process_instances", sa.Column("restarted_process_instance_id", sa.String(length=64),
                                                 nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("process_instances") as batch_op:
        batch_op.drop_column("restarted_process_instance_id")
