"""cases: sentries' variable on-parts (camunda:variableOnPart): an active stage's (or case plan
model's) counts of variable events

Revision ID: cases_0003
Revises: cases_0002
Create Date: 2026-12-09 09:00:00.000000

Stages that were active before this revision have counted nothing: their variable on-parts
count the events from now on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "cases_0003"
down_revision = "cases_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite rebuilds the table and its indexes).
    op.add_column("case_executions", sa.Column(
        "variable_events", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_executions") as batch_op:
        batch_op.drop_column("variable_events")
