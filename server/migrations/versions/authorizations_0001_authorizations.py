"""authorizations: the authorization store (AuthorizationService)

Revision ID: authorizations_0001
Revises: tenants_0001
Create Date: 2026-12-08 01:00:00.000000

Authorizations name users and groups as plain text (no foreign key), so this branch needs no
table of another; it opens on the tenants head, beside the identity service's other tables.
The document's engine's unique keys: one authorization per type, user (or group) and resource.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "authorizations_0001"
down_revision = "tenants_0001"
branch_labels = ("authorizations",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authorizations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.Integer(), nullable=False),
        sa.Column("permissions", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=255), nullable=True),
        sa.Column("group_id", sa.String(length=255), nullable=True),
        sa.Column("resource_type", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorizations")),
    )
    op.create_index("uq_authorizations_user", "authorizations", ["user_id", "type", "resource_type", "resource_id"],
                    unique=True)
    op.create_index("uq_authorizations_group", "authorizations", ["group_id", "type", "resource_type", "resource_id"],
                    unique=True)
    op.create_index("ix_authorizations_resource", "authorizations", ["resource_type", "resource_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_authorizations_resource", table_name="authorizations")
    op.drop_index("uq_authorizations_group", table_name="authorizations")
    op.drop_index("uq_authorizations_user", table_name="authorizations")
    op.drop_table("authorizations")
