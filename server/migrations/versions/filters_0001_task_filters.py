"""filters: saved task queries (FilterService)

Revision ID: filters_0001
Revises: tasks_0004
Create Date: 2026-12-07 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "filters_0001"
down_revision = "tasks_0004"
branch_labels = ("filters",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "filters",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("owner", sa.String(length=255), nullable=True),
        sa.Column("query", _JSON, nullable=False),
        sa.Column("properties", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filters")),
    )
    op.create_index(op.f("ix_filters_name"), "filters", ["name"], unique=False)
    op.create_index(op.f("ix_filters_owner"), "filters", ["owner"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_filters_owner"), table_name="filters")
    op.drop_index(op.f("ix_filters_name"), table_name="filters")
    op.drop_table("filters")
