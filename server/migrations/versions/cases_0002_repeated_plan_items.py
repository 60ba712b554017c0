"""cases: repeated plan items (CMMN repetition rules): a case execution's instance number and sentry baseline

Revision ID: cases_0002
Revises: cases_0001
Create Date: 2026-12-08 09:00:00.000000

A case execution counts the instances of its plan item its case had before it (executions
before this revision are first ones: 0), and one that a repetition rule created records, per
sentry of its criteria, how often the sentry's on-parts had occurred when it last fired for its
plan item (executions before this revision have none: their sentries count from their stage's
start, as before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "cases_0002"
down_revision = "cases_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch (which on SQLite rebuilds the table and its indexes).
    op.add_column("case_executions", sa.Column("instance_number", sa.Integer(), server_default=sa.text("0"),
                                               nullable=False))
    op.add_column("case_executions", sa.Column(
        "sentry_baseline", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_executions") as batch_op:
        batch_op.drop_column("sentry_baseline")
        batch_op.drop_column("instance_number")
