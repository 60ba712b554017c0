"""engine: the overriding priority of a job definition's jobs (SetJobDefinitionPriority)

Revision ID: engine_0006
Revises: engine_0005
Create Date: 2026-12-07 18:30:00.000000

Job definitions made before this revision have none: their jobs take the model's priority.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "engine_0006"
down_revision = "engine_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite would rebuild the table).
    op.add_column("job_definitions", sa.Column(
        "overriding_job_priority", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job_definitions") as batch_op:
        batch_op.drop_column("overriding_job_priority")
