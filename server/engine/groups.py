"""Groups of users (GroupService): the document's engine's identity service's groups and
memberships. A member is a user of the directory (server.identity), named by its display_name:
the name a caller has (Caller.user_name) and the name tasks give as assignee or candidate.

What groups mean elsewhere is one subquery, ``member_groups``: the candidate user of a task
query (server.engine.tasks), a filter's ``${currentUserGroups()}`` (server.engine.filters) and
ListProcessDefinitions' startable_by (server.engine.definitions) ask it inside their own
statements. Groups belong to no tenant, but may be members of tenants (server.engine.tenants);
reads are open to every token, changes need an admin token, and each change writes its
operation log entry (category Admin), as the document's engine logs them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import ColumnElement, Select, delete, false, func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import authorizations, executions, operation_log
from server.engine.errors import not_found
from server.engine.group_models import UserGroup, UserGroupMember
from server.engine.tenant_models import TenantGroupMember
from server.errors import AlreadyExists, Violations, max_length, missing_required_field, too_long
from server.identity.models import User
from server.identity.service import Caller

# The document's engine's default resource whitelist, ASCII only: str.isalnum() would take
# letters and digits of every script.
ID_PATTERN = "[a-zA-Z0-9]+"
_ID = re.compile(ID_PATTERN)
# The fields UpdateGroup changes (its update_mask's paths).
UPDATABLE = ("name", "type")

_ADMIN = operation_log.ADMIN


@dataclass(frozen=True)
class GroupInput:
    """A group as CreateGroup gives it (empty text: none)."""

    id: str
    name: str = ""
    type: str = ""


def _of_group() -> operation_log.Subject:
    return operation_log.Subject("Group", {}, _ADMIN)


def _check_texts(problems: Violations, path: str, values: Mapping[str, str]) -> None:
    for name, value in values.items():
        problem = too_long(value, getattr(UserGroup, name))
        if problem is not None:
            problems.add(f"{path}.{name}", problem, max_length=max_length(getattr(UserGroup, name)))


def create(tx: Session, clock: Clock, caller: Caller, given: GroupInput | None) -> UserGroup:
    """CreateGroup."""
    caller.require_admin("create groups")
    if given is None:
        raise missing_required_field("group")
    if not given.id:
        raise missing_required_field("group.id")
    problems = Violations()
    if not _ID.fullmatch(given.id):
        problems.add("group.id", f"{given.id!r} is not an id: letters and digits only (A-Z, a-z, 0-9)",
                     pattern=ID_PATTERN)
    else:
        _check_texts(problems, "group", {"id": given.id})
    _check_texts(problems, "group", {"name": given.name, "type": given.type})
    problems.raise_if_any()
    if tx.get(UserGroup, given.id) is not None:
        raise AlreadyExists("GROUP_EXISTS", f"a group of id {given.id!r} exists",
                            metadata={"type": "conflict", "id": given.id})
    row = UserGroup(id=given.id, name=given.name or None, type=given.type or None)
    tx.add(row)
    tx.flush()
    operation_log.Operation(tx, clock, caller, "Create").entry(_of_group(), ("groupId", None, row.id))
    return row


def get(tx: Session, group_id: str, field_name: str = "id", *, lock: bool = False) -> UserGroup:
    """The group ``group_id`` names (the request's ``field_name``), or GROUP_NOT_FOUND. With
    ``lock`` its row is held for the change to come (on PostgreSQL: a call racing it waits, then
    finds the group as the first left it — gone after a DeleteGroup)."""
    if not group_id:
        raise missing_required_field(field_name)
    row = tx.get(UserGroup, group_id, with_for_update=lock or None, populate_existing=lock)
    if row is None:
        raise not_found("group", "GROUP_NOT_FOUND", group_id, field_name)
    return row


def update(tx: Session, clock: Clock, caller: Caller, group_id: str, changes: Mapping[str, str]) -> UserGroup:
    """UpdateGroup: the fields ``changes`` names (of UPDATABLE) set; empty text clears one."""
    caller.require_admin("change groups")
    problems = Violations()
    _check_texts(problems, "group", changes)
    problems.raise_if_any()
    row = get(tx, group_id, "group.id", lock=True)
    for name, value in changes.items():
        setattr(row, name, value or None)
    tx.flush()
    operation_log.Operation(tx, clock, caller, "Update").entry(_of_group(), ("groupId", None, row.id))
    return row


def delete_group(tx: Session, clock: Clock, caller: Caller, group_id: str) -> None:
    """DeleteGroup: the group, its memberships and its tenant memberships (its members no longer
    have its tenants), its authorizations and those whose resource it is (as the document's
    engine's deleteGroup). What names the group elsewhere (a task's candidate group, a definition's
    candidate starter group) stays, as in the document's engine."""
    caller.require_admin("delete groups")
    row = get(tx, group_id, lock=True)
    tx.execute(delete(UserGroupMember).where(UserGroupMember.group_id == row.id))
    tx.execute(delete(TenantGroupMember).where(TenantGroupMember.group_id == row.id))
    authorizations.delete_of_group(tx, row.id)
    tx.delete(row)
    tx.flush()
    operation_log.Operation(tx, clock, caller, "Delete").entry(_of_group(), ("groupId", None, group_id))


def _member(tx: Session, caller: Caller, action: str, group_id: str, user_name: str) -> tuple[UserGroup, User]:
    """The group and the user a membership call names, for an admin caller."""
    caller.require_admin(action)
    problems = Violations()
    problems.require(group_id=group_id, user_id=user_name)
    problems.raise_if_any()
    group = get(tx, group_id, "group_id")
    user = tx.scalar(select(User).where(User.display_name == user_name))
    if user is None:
        raise not_found("user", "USER_NOT_FOUND", user_name, "user_id")
    return group, user


def _membership_logged(tx: Session, clock: Clock, caller: Caller, operation: str, group: UserGroup,
                       user: User) -> None:
    operation_log.Operation(tx, clock, caller, operation).entry(
        operation_log.Subject("GroupMembership", {}, _ADMIN),
        ("userId", None, user.display_name), ("groupId", None, group.id))


def add_member(tx: Session, clock: Clock, caller: Caller, group_id: str, user_name: str) -> None:
    """AddGroupMember."""
    group, user = _member(tx, caller, "change group members", group_id, user_name)
    if tx.get(UserGroupMember, (group.id, user.id)) is not None:
        raise AlreadyExists("GROUP_MEMBER_EXISTS", f"user {user_name!r} is a member of group {group.id!r} already",
                            metadata={"type": "conflict", "group_id": group.id, "user_id": user_name})
    tx.add(UserGroupMember(group_id=group.id, user_id=user.id))
    tx.flush()
    _membership_logged(tx, clock, caller, "Create", group, user)


def remove_member(tx: Session, clock: Clock, caller: Caller, group_id: str, user_name: str) -> None:
    """RemoveGroupMember: a user who is no member stays none (nothing changed, nothing logged)."""
    group, user = _member(tx, caller, "change group members", group_id, user_name)
    gone = tx.execute(delete(UserGroupMember).where(UserGroupMember.group_id == group.id,
                                                    UserGroupMember.user_id == user.id))
    if gone.rowcount:  # type: ignore[attr-defined]
        _membership_logged(tx, clock, caller, "Delete", group, user)


def member_groups(user_name: str) -> Select[tuple[str]]:
    """The ids of the groups the user named ``user_name`` (a display_name) is a member of: a
    subquery for the statements that ask (``column.in_(...)``); none for a name no user has."""
    return (select(UserGroupMember.group_id).join(User, User.id == UserGroupMember.user_id)
            .where(User.display_name == user_name))


# -- the query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupQuery:
    """The filters of QueryGroups and CountGroups; each given one must hold."""

    id: str = ""
    id_in: tuple[str, ...] = ()
    name: str = ""
    name_like: str = ""
    type: str = ""
    member: str = ""
    member_of_tenant: str = ""
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {"id": UserGroup.id, "name": UserGroup.name, "type": UserGroup.type}


def _conditions(caller: Caller, q: GroupQuery) -> list[ColumnElement[bool]]:
    conds = executions.equalities([(UserGroup.id, q.id), (UserGroup.id, list(q.id_in)), (UserGroup.name, q.name),
                                   (UserGroup.type, q.type)])
    if q.name_like:
        conds.append(executions.like(UserGroup.name, q.name_like, "name_like"))
    if q.member:
        conds.append(UserGroup.id.in_(member_groups(q.member)))
    if q.member_of_tenant:
        # Another tenant's members are as unknown to the caller as the tenant itself.
        conds.append(UserGroup.id.in_(select(TenantGroupMember.group_id)
                                      .where(TenantGroupMember.tenant_id == q.member_of_tenant))
                     if caller.sees_tenant(q.member_of_tenant) else false())
    return conds


def query(tx: Session, caller: Caller, q: GroupQuery, offset: int, limit: int) -> list[UserGroup]:
    order = executions.ordering(q.sorting, SORT_KEYS, UserGroup.id)
    return list(tx.scalars(select(UserGroup).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: GroupQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(UserGroup).where(*_conditions(caller, q))) or 0)
