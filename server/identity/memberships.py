"""What the memberships of users mean to identity and the directory: the tenants a user is a
member of, directly or through one of its groups (a caller's tenants, server.identity.service),
and the members of a group or of a tenant (UserService.ListUsers' member_of_group and
member_of_tenant). Groups (server.engine.groups) and tenants (server.engine.tenants) keep the
rows; these are subqueries over them for the statements that ask."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, Select, select, union

from server.engine.group_models import UserGroupMember
from server.engine.tenant_models import TenantGroupMember, TenantMember


def tenants_of_user(user_id: int) -> CompoundSelect:
    """The ids of the tenants the user is a member of, or one of the user's groups is (the
    document's engine's authenticated tenant ids: a tenant query by user member, including the
    user's groups)."""
    direct = select(TenantMember.tenant_id).where(TenantMember.user_id == user_id)
    through_groups = (select(TenantGroupMember.tenant_id)
                      .join(UserGroupMember, UserGroupMember.group_id == TenantGroupMember.group_id)
                      .where(UserGroupMember.user_id == user_id))
    return union(direct, through_groups)


def members_of_group(group_id: str) -> Select[tuple[int]]:
    """The row ids of the group's members (users of the directory)."""
    return select(UserGroupMember.user_id).where(UserGroupMember.group_id == group_id)


def members_of_tenant(tenant_id: str) -> Select[tuple[int]]:
    """The row ids of the tenant's own members: users made members of the tenant, not those of
    its groups (as the document's engine's user query by tenant)."""
    return select(TenantMember.user_id).where(TenantMember.tenant_id == tenant_id)
