"""decisions: DMN decision definitions

Revision ID: decisions_0001
Revises: engine_0005
Create Date: 2026-12-20 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "decisions_0001"
down_revision = "engine_0005"
branch_labels = ("decisions",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision_definitions",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("version_tag", sa.String(length=255), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("tenant_key", sa.String(length=64), nullable=False),
        sa.Column("deployment_id", sa.String(length=64), nullable=False),
        sa.Column("resource_name", sa.String(length=255), nullable=False),
        sa.Column("history_time_to_live", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["deployment_id"], ["deployments.id"],
                                name=op.f("fk_decision_definitions_deployment_id_deployments"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_definitions")),
        sa.UniqueConstraint("key", "tenant_key", "version", name=op.f("uq_decision_definitions_key_tenant_key_version")),
    )
    op.create_index(op.f("ix_decision_definitions_deployment_id"), "decision_definitions", ["deployment_id"])
    op.create_index(op.f("ix_decision_definitions_key"), "decision_definitions", ["key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_definitions_key"), table_name="decision_definitions")
    op.drop_index(op.f("ix_decision_definitions_deployment_id"), table_name="decision_definitions")
    op.drop_table("decision_definitions")
