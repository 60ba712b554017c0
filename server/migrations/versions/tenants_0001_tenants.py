"""tenants: tenants and their memberships, of users and of groups (TenantService)

Revision ID: tenants_0001
Revises: groups_0001
Create Date: 2026-12-08 00:00:00.000000

A tenant's memberships name the directory's users (users.id) and groups of users
(user_groups.id, made by groups_0001), so this branch opens on the groups head. Memberships go
with their tenant, user or group (ON DELETE CASCADE; the calls delete them themselves too).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "tenants_0001"
down_revision = "groups_0001"
branch_labels = ("tenants",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
    )
    op.create_index(op.f("ix_tenants_name"), "tenants", ["name"], unique=False)
    op.create_table(
        "tenant_members",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_tenant_members_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_tenant_members_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "user_id", name=op.f("pk_tenant_members")),
    )
    op.create_index(op.f("ix_tenant_members_user_id"), "tenant_members", ["user_id"], unique=False)
    op.create_table(
        "tenant_group_members",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_tenant_group_members_tenant_id_tenants"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["user_groups.id"],
                                name=op.f("fk_tenant_group_members_group_id_user_groups"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "group_id", name=op.f("pk_tenant_group_members")),
    )
    op.create_index(op.f("ix_tenant_group_members_group_id"), "tenant_group_members", ["group_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tenant_group_members_group_id"), table_name="tenant_group_members")
    op.drop_table("tenant_group_members")
    op.drop_index(op.f("ix_tenant_members_user_id"), table_name="tenant_members")
    op.drop_table("tenant_members")
    op.drop_index(op.f("ix_tenants_name"), table_name="tenants")
    op.drop_table("tenants")
