"""work: external tasks found by their worker (StreamTasks' tasks in flight, the worker filter)

Revision ID: work_0001
Revises: engine_0001
Create Date: 2026-11-24 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = 'work_0001'
down_revision = 'engine_0001'
branch_labels = ('work',)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('external_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_tasks_worker_id'), ['worker_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('external_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_tasks_worker_id'))
