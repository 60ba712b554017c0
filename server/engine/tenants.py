"""Tenants (TenantService): the document's engine's identity service's tenants and their
memberships. A member is a user of the directory (server.identity), named by its display_name as
groups name theirs, or a group (server.engine.groups), whose every member then counts as the
tenant's.

What tenants mean elsewhere: a caller's tenants are its token's own and those it is a member of,
directly or through a group (server.identity.memberships, asked when a token is resolved), so
every tenant check (Caller.sees_tenant, Caller.tenant_conditions) counts memberships.

Changes need an admin token and write their operation log entries (category Admin), as the
document's engine logs them; an entry carries the tenant's id as its tenant, so that only the
tokens that have the tenant (and admin tokens) read it. Reads are open to every token, over the tenants it sees: an
admin token every tenant, another token those of its tenants; another tenant is as absent as
one that does not exist (TENANT_NOT_FOUND), as another tenant's rows are elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import ColumnElement, delete, false, func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import authorizations, executions, groups, operation_log
from server.engine.errors import not_found
from server.engine.group_models import UserGroup
from server.engine.tenant_models import Tenant, TenantGroupMember, TenantMember
from server.errors import AlreadyExists, Violations, invalid_field, max_length, missing_required_field, too_long
from server.identity.models import User
from server.identity.service import Caller

# Ids as groups have them: the document's engine's default resource whitelist (its tenant
# whitelist defaults to the general one).
_ID = re.compile(groups.ID_PATTERN)
# The fields UpdateTenant changes (its update_mask's paths).
UPDATABLE = ("name",)

_ADMIN = operation_log.ADMIN


@dataclass(frozen=True)
class TenantInput:
    """A tenant as CreateTenant gives it (empty text: none)."""

    id: str
    name: str = ""


def _of_tenant(tenant_id: str) -> operation_log.Subject:
    return operation_log.Subject("Tenant", {"tenant_id": tenant_id}, _ADMIN)


def _check_name(problems: Violations, path: str, name: str) -> None:
    problem = too_long(name, Tenant.name)
    if problem is not None:
        problems.add(path, problem, max_length=max_length(Tenant.name))


def create(tx: Session, clock: Clock, caller: Caller, given: TenantInput | None) -> Tenant:
    """CreateTenant."""
    caller.require_admin("create tenants")
    if given is None:
        raise missing_required_field("tenant")
    if not given.id:
        raise missing_required_field("tenant.id")
    problems = Violations()
    if not _ID.fullmatch(given.id):
        problems.add("tenant.id", f"{given.id!r} is not an id: letters and digits only (A-Z, a-z, 0-9)",
                     pattern=groups.ID_PATTERN)
    elif (problem := too_long(given.id, Tenant.id)) is not None:
        problems.add("tenant.id", problem, max_length=max_length(Tenant.id))
    _check_name(problems, "tenant.name", given.name)
    problems.raise_if_any()
    if tx.get(Tenant, given.id) is not None:
        raise AlreadyExists("TENANT_EXISTS", f"a tenant of id {given.id!r} exists",
                            metadata={"type": "conflict", "id": given.id})
    row = Tenant(id=given.id, name=given.name or None)
    tx.add(row)
    tx.flush()
    operation_log.Operation(tx, clock, caller, "Create").entry(_of_tenant(row.id), ("tenantId", None, row.id))
    return row


def get(tx: Session, caller: Caller, tenant_id: str, field_name: str = "id", *, lock: bool = False) -> Tenant:
    """The tenant ``tenant_id`` names (the request's ``field_name``), when the caller sees it;
    else TENANT_NOT_FOUND. With ``lock`` its row is held for the change to come (on PostgreSQL a
    call racing it waits, then finds the tenant as the first left it: gone after a
    DeleteTenant)."""
    if not tenant_id:
        raise missing_required_field(field_name)
    if not caller.sees_tenant(tenant_id):
        raise not_found("tenant", "TENANT_NOT_FOUND", tenant_id, field_name)
    row = tx.get(Tenant, tenant_id, with_for_update=lock or None, populate_existing=lock)
    if row is None:
        raise not_found("tenant", "TENANT_NOT_FOUND", tenant_id, field_name)
    return row


def update(tx: Session, clock: Clock, caller: Caller, tenant_id: str, changes: Mapping[str, str]) -> Tenant:
    """UpdateTenant: the fields ``changes`` names (of UPDATABLE) set; empty text clears one."""
    caller.require_admin("change tenants")
    problems = Violations()
    for name, value in changes.items():
        _check_name(problems, f"tenant.{name}", value)
    problems.raise_if_any()
    row = get(tx, caller, tenant_id, "tenant.id", lock=True)
    for name, value in changes.items():
        setattr(row, name, value or None)
    tx.flush()
    operation_log.Operation(tx, clock, caller, "Update").entry(_of_tenant(row.id), ("tenantId", None, row.id))
    return row


def delete_tenant(tx: Session, clock: Clock, caller: Caller, tenant_id: str) -> None:
    """DeleteTenant: the tenant and its memberships, of users and of groups, and the
    authorizations whose resource it is (as the document's engine). Resources that carry
    its id (deployments, definitions, instances…) keep it, and tokens that grant it still do."""
    caller.require_admin("delete tenants")
    row = get(tx, caller, tenant_id, lock=True)
    tx.execute(delete(TenantMember).where(TenantMember.tenant_id == row.id))
    tx.execute(delete(TenantGroupMember).where(TenantGroupMember.tenant_id == row.id))
    authorizations.delete_of_resource(tx, authorizations.RESOURCE_CODES["Tenant"], row.id)
    tx.delete(row)
    tx.flush()
    operation_log.Operation(tx, clock, caller, "Delete").entry(_of_tenant(tenant_id), ("tenantId", None, tenant_id))


# -- memberships --------------------------------------------------------------------------------


def _membership_logged(tx: Session, clock: Clock, caller: Caller, operation: str, tenant: Tenant,
                       member: tuple[str, str]) -> None:
    """The document's engine's TenantMembership entry: the member (userId or groupId), then
    tenantId."""
    operation_log.Operation(tx, clock, caller, operation).entry(
        operation_log.Subject("TenantMembership", {"tenant_id": tenant.id}, _ADMIN), (member[0], None, member[1]),
        ("tenantId", None, tenant.id))


def _tenant_and_user(tx: Session, caller: Caller, tenant_id: str, user_name: str) -> tuple[Tenant, User]:
    """The tenant and the user a user membership call names, for an admin caller."""
    caller.require_admin("change tenant memberships")
    problems = Violations()
    problems.require(tenant_id=tenant_id, user_id=user_name)
    problems.raise_if_any()
    tenant = get(tx, caller, tenant_id, "tenant_id")
    user = tx.scalar(select(User).where(User.display_name == user_name))
    if user is None:
        raise not_found("user", "USER_NOT_FOUND", user_name, "user_id")
    return tenant, user


def _tenant_and_group(tx: Session, caller: Caller, tenant_id: str, group_id: str) -> tuple[Tenant, UserGroup]:
    """The tenant and the group a group membership call names, for an admin caller."""
    caller.require_admin("change tenant memberships")
    problems = Violations()
    problems.require(tenant_id=tenant_id, group_id=group_id)
    problems.raise_if_any()
    return get(tx, caller, tenant_id, "tenant_id"), groups.get(tx, group_id, "group_id")


def _exists(tenant: Tenant, field_name: str, member: str) -> AlreadyExists:
    return AlreadyExists("TENANT_MEMBER_EXISTS", f"{member!r} is a member of tenant {tenant.id!r} already",
                         metadata={"type": "conflict", "tenant_id": tenant.id, field_name: member})


def add_user(tx: Session, clock: Clock, caller: Caller, tenant_id: str, user_name: str) -> None:
    """CreateTenantUserMembership."""
    tenant, user = _tenant_and_user(tx, caller, tenant_id, user_name)
    if tx.get(TenantMember, (tenant.id, user.id)) is not None:
        raise _exists(tenant, "user_id", user_name)
    tx.add(TenantMember(tenant_id=tenant.id, user_id=user.id))
    tx.flush()
    _membership_logged(tx, clock, caller, "Create", tenant, ("userId", user.display_name))


def remove_user(tx: Session, clock: Clock, caller: Caller, tenant_id: str, user_name: str) -> None:
    """DeleteTenantUserMembership: a user who is no member stays none (nothing changed, nothing
    logged), as the document's engine's deleteTenantUserMembership."""
    tenant, user = _tenant_and_user(tx, caller, tenant_id, user_name)
    gone = tx.execute(delete(TenantMember).where(TenantMember.tenant_id == tenant.id,
                                                 TenantMember.user_id == user.id))
    if gone.rowcount:  # type: ignore[attr-defined]
        _membership_logged(tx, clock, caller, "Delete", tenant, ("userId", user.display_name))


def add_group(tx: Session, clock: Clock, caller: Caller, tenant_id: str, group_id: str) -> None:
    """CreateTenantGroupMembership."""
    tenant, group = _tenant_and_group(tx, caller, tenant_id, group_id)
    if tx.get(TenantGroupMember, (tenant.id, group.id)) is not None:
        raise _exists(tenant, "group_id", group.id)
    tx.add(TenantGroupMember(tenant_id=tenant.id, group_id=group.id))
    tx.flush()
    _membership_logged(tx, clock, caller, "Create", tenant, ("groupId", group.id))


def remove_group(tx: Session, clock: Clock, caller: Caller, tenant_id: str, group_id: str) -> None:
    """DeleteTenantGroupMembership: a group that is no member stays none (nothing changed,
    nothing logged)."""
    tenant, group = _tenant_and_group(tx, caller, tenant_id, group_id)
    gone = tx.execute(delete(TenantGroupMember).where(TenantGroupMember.tenant_id == tenant.id,
                                                      TenantGroupMember.group_id == group.id))
    if gone.rowcount:  # type: ignore[attr-defined]
        _membership_logged(tx, clock, caller, "Delete", tenant, ("groupId", group.id))


# -- the query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TenantQuery:
    """The filters of QueryTenants and CountTenants; each given one must hold."""

    id: str = ""
    id_in: tuple[str, ...] = ()
    name: str = ""
    name_like: str = ""
    user_member: str = ""
    group_member: str = ""
    including_groups_of_user: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {"id": Tenant.id, "name": Tenant.name}


def _conditions(caller: Caller, q: TenantQuery) -> list[ColumnElement[bool]]:
    if q.including_groups_of_user and not q.user_member:
        raise invalid_field("including_groups_of_user", "including_groups_of_user needs user_member")
    conds = executions.equalities([(Tenant.id, q.id), (Tenant.id, list(q.id_in)), (Tenant.name, q.name)])
    if q.name_like:
        conds.append(executions.like(Tenant.name, q.name_like, "name_like"))
    visible = caller.visible_tenants()
    if visible is not None:
        conds.append(Tenant.id.in_(visible) if visible else false())
    if q.user_member:
        direct = (select(TenantMember.tenant_id).join(User, User.id == TenantMember.user_id)
                  .where(User.display_name == q.user_member))
        if q.including_groups_of_user:
            through_groups = (select(TenantGroupMember.tenant_id)
                              .where(TenantGroupMember.group_id.in_(groups.member_groups(q.user_member))))
            conds.append(Tenant.id.in_(direct) | Tenant.id.in_(through_groups))
        else:
            conds.append(Tenant.id.in_(direct))
    if q.group_member:
        conds.append(Tenant.id.in_(select(TenantGroupMember.tenant_id)
                                   .where(TenantGroupMember.group_id == q.group_member)))
    return conds


def query(tx: Session, caller: Caller, q: TenantQuery, offset: int, limit: int) -> list[Tenant]:
    order = executions.ordering(q.sorting, SORT_KEYS, Tenant.id)
    return list(tx.scalars(select(Tenant).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: TenantQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(Tenant).where(*_conditions(caller, q))) or 0)
