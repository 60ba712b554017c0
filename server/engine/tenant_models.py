"""Rows of tenants (server.engine.tenants): the document's engine's identity service's tenants
and their memberships, of users and of groups. A user membership names the directory's user by
its row (server.identity), a group membership the group's row (server.engine.group_models); both
go with their tenant (DeleteTenant), a group's with the group (DeleteGroup)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class Tenant(Base):
    """A tenant: an id of letters and digits (the tenant id resources carry) and a name."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255), index=True)


class TenantMember(Base):
    """One user's membership of one tenant."""

    __tablename__ = "tenant_members"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    # The key leads with the tenant (its members); this index finds a user's tenants (a caller's).
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class TenantGroupMember(Base):
    """One group's membership of one tenant: each member of the group counts as the tenant's."""

    __tablename__ = "tenant_group_members"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    # The key leads with the tenant; this index finds a group's tenants.
    group_id: Mapped[str] = mapped_column(ForeignKey("user_groups.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
