"""Authorizations (AuthorizationService): the document's engine's authorization store and its
check. Nothing asks the check yet: this is the foundation a later change uses to enforce
permissions in every RPC (the document's engine's default, ``authorizationEnabled=false``).

An authorization names a user (by the name a caller has, Caller.user_name) or a group (by its
id), as plain text; a GLOBAL one names every user (``*``). Its permissions are names of its
resource type (RESOURCE_TYPES), kept as the document's engine keeps them: one integer of bits,
a GRANT or GLOBAL authorization's the bits it grants, a REVOKE one's the bits it does not revoke
(it starts from ALL). The check (``is_authorized``) follows the document's engine's precedence:
the user's own authorizations for the resource, then for all of its type (``*``), then the same
two of the user's groups, then the GLOBAL ones; at each level a grant wins over a revoke.

Changes need an admin token and write their operation log entries (entity Authorization,
category Admin, the document's engine's properties). Reads are open to every token: an admin
token reads every authorization, another the GLOBAL ones and those of its user and its user's
groups; any other is as absent as one that does not exist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import executions, groups, operation_log
from server.engine.authorization_models import Authorization
from server.engine.errors import not_found
from server.errors import AlreadyExists, Violations, invalid_field, max_length, missing_required_field, too_long
from server.identity.service import Caller

GLOBAL, GRANT, REVOKE = 0, 1, 2
TYPES = (GLOBAL, GRANT, REVOKE)
# Every user (a GLOBAL authorization's user) and every resource of a type.
ANY = "*"
# ALL: every bit of a 32-bit signed integer (the document's Integer.MAX_VALUE); NONE: no bit.
ALL_BITS = 2**31 - 1
NONE, ALL = "NONE", "ALL"

_RUCD = {"READ": 2, "UPDATE": 4, "CREATE": 8, "DELETE": 16}
_CD = {"CREATE": 8, "DELETE": 16}

# The document's engine's resource types: code -> (name, {permission: bits}), each type's
# permissions in the document's engine's order (Permissions and the XxxPermissions enums); NONE
# and ALL are every type's. Code 18 (Optimize, deprecated) is not taken.
RESOURCE_TYPES: dict[int, tuple[str, dict[str, int]]] = {
    0: ("Application", {"ACCESS": 32}),
    1: ("User", _RUCD),
    2: ("Group", _RUCD),
    3: ("GroupMembership", _CD),
    4: ("Authorization", _RUCD),
    5: ("Filter", _RUCD),
    6: ("ProcessDefinition", {
        "READ": 2, "UPDATE": 4, "DELETE": 16, "READ_TASK": 64, "UPDATE_TASK": 128, "CREATE_INSTANCE": 256,
        "READ_INSTANCE": 512, "UPDATE_INSTANCE": 1024, "DELETE_INSTANCE": 2048, "READ_HISTORY": 4096,
        "DELETE_HISTORY": 8192, "TASK_WORK": 16384, "TASK_ASSIGN": 32768, "MIGRATE_INSTANCE": 65536,
        "RETRY_JOB": 32, "SUSPEND": 1048576, "SUSPEND_INSTANCE": 131072, "UPDATE_INSTANCE_VARIABLE": 262144,
        "UPDATE_TASK_VARIABLE": 524288, "READ_INSTANCE_VARIABLE": 2097152, "READ_HISTORY_VARIABLE": 4194304,
        "READ_TASK_VARIABLE": 8388608, "UPDATE_HISTORY": 16777216}),
    7: ("Task", {**_RUCD, "READ_HISTORY": 4096, "TASK_WORK": 16384, "TASK_ASSIGN": 32768, "UPDATE_VARIABLE": 32,
                 "READ_VARIABLE": 64}),
    8: ("ProcessInstance", {**_RUCD, "RETRY_JOB": 32, "SUSPEND": 64, "UPDATE_VARIABLE": 128}),
    9: ("Deployment", {"READ": 2, "CREATE": 8, "DELETE": 16}),
    10: ("DecisionDefinition", {"READ": 2, "UPDATE": 4, "CREATE_INSTANCE": 256, "READ_HISTORY": 4096,
                                "DELETE_HISTORY": 8192}),
    11: ("Tenant", _RUCD),
    12: ("TenantMembership", _CD),
    13: ("Batch", {
        **_RUCD, "READ_HISTORY": 4096, "DELETE_HISTORY": 8192, "CREATE_BATCH_MIGRATE_PROCESS_INSTANCES": 32,
        "CREATE_BATCH_MODIFY_PROCESS_INSTANCES": 64, "CREATE_BATCH_RESTART_PROCESS_INSTANCES": 128,
        "CREATE_BATCH_DELETE_RUNNING_PROCESS_INSTANCES": 256, "CREATE_BATCH_DELETE_FINISHED_PROCESS_INSTANCES": 512,
        "CREATE_BATCH_DELETE_DECISION_INSTANCES": 1024, "CREATE_BATCH_SET_JOB_RETRIES": 2048,
        "CREATE_BATCH_SET_EXTERNAL_TASK_RETRIES": 16384, "CREATE_BATCH_UPDATE_PROCESS_INSTANCES_SUSPEND": 32768,
        "CREATE_BATCH_SET_REMOVAL_TIME": 65536, "CREATE_BATCH_SET_VARIABLES": 131072,
        "CREATE_BATCH_CORRELATE_MESSAGE": 262144}),
    14: ("DecisionRequirementsDefinition", {"READ": 2}),
    15: ("Report", _RUCD),
    16: ("Dashboard", _RUCD),
    17: ("OperationLogCategory", {"READ": 2, "UPDATE": 4, "DELETE": 16}),
    19: ("HistoricTask", {"READ": 2, "READ_VARIABLE": 64}),
    20: ("HistoricProcessInstance", {"READ": 2}),
    21: ("System", {"READ": 2, "SET": 4, "DELETE": 8}),
}
RESOURCE_CODES = {name: code for code, (name, _) in RESOURCE_TYPES.items()}
# The fields UpdateAuthorization changes (its update_mask's paths).
UPDATABLE = ("permissions", "user_id", "group_id", "resource_type", "resource_id")

_ADMIN = operation_log.ADMIN


@dataclass(frozen=True)
class AuthorizationInput:
    """An authorization as CreateAuthorization gives it (empty text: none)."""

    type: int
    permissions: tuple[str, ...] = ()
    user_id: str = ""
    group_id: str = ""
    resource_type: int = 0
    resource_id: str = ""


def resource_name(code: int) -> str:
    return RESOURCE_TYPES[code][0]


def _bits_of(code: int) -> dict[str, int]:
    return {NONE: 0, ALL: ALL_BITS, **RESOURCE_TYPES[code][1]}


def permission_names(row: Authorization) -> list[str]:
    """The authorization's permissions as the document's engine names them: ALL alone when it
    grants (a REVOKE one: revokes) every permission, else those it has, without NONE and ALL."""
    if row.type == REVOKE:
        if row.permissions == 0:
            return [ALL]
        return [name for name, bits in RESOURCE_TYPES[row.resource_type][1].items()
                if row.permissions & bits != bits]
    if row.permissions == ALL_BITS:
        return [ALL]
    return [name for name, bits in RESOURCE_TYPES[row.resource_type][1].items() if row.permissions & bits == bits]


def _permission_problem(name: str, code: int) -> str:
    return (f"the resource type {resource_name(code)!r} ({code}) has no permission {name!r}; it has "
            + ", ".join(_bits_of(code)))


def _validated(given: AuthorizationInput, problems: Violations,
               path: str = "authorization") -> tuple[AuthorizationInput, int]:
    """``given`` with a GLOBAL authorization's user filled in, and its permission bits; every
    fault into ``problems``."""
    if given.type not in TYPES:
        problems.add(f"{path}.type", f"{given.type} is not an authorization type: 0 (GLOBAL), 1 (GRANT) or 2 (REVOKE)")
    if given.type == GLOBAL:
        given = replace(given, user_id=given.user_id or ANY)
        if given.group_id:
            problems.add(f"{path}.group_id", "a GLOBAL authorization is every user's: it names no group")
        if given.user_id != ANY:
            problems.add(f"{path}.user_id", f"a GLOBAL authorization's user_id is {ANY!r}, not {given.user_id!r}")
    elif given.user_id and given.group_id:
        problems.add(f"{path}.group_id", "an authorization names a user or a group, not both")
    elif not given.user_id and not given.group_id:
        problems.add(f"{path}.user_id", "an authorization names a user (user_id) or a group (group_id)",
                     "MISSING_REQUIRED_FIELD")
    elif given.user_id == ANY and given.type in TYPES:
        problems.add(f"{path}.user_id", f"{ANY!r} (every user) is for GLOBAL authorizations (type 0)")
    if not given.resource_id:
        problems.add(f"{path}.resource_id", f"{path}.resource_id is required ({ANY!r}: every resource of the type)",
                     "MISSING_REQUIRED_FIELD")
    for name in ("user_id", "group_id", "resource_id"):
        problem = too_long(getattr(given, name), getattr(Authorization, name))
        if problem is not None:
            problems.add(f"{path}.{name}", problem, max_length=max_length(getattr(Authorization, name)))
    bits = 0
    if given.resource_type not in RESOURCE_TYPES:
        problems.add(f"{path}.resource_type", f"{given.resource_type} is not a resource type; use one of "
                     + ", ".join(f"{code} ({name})" for code, (name, _) in RESOURCE_TYPES.items()))
    else:
        known = _bits_of(given.resource_type)
        for i, name in enumerate(given.permissions):
            if name not in known:
                problems.add(f"{path}.permissions[{i}]", _permission_problem(name, given.resource_type),
                             permission=name, resource_type=given.resource_type)
            else:
                bits |= known[name]
    return given, (ALL_BITS & ~bits if given.type == REVOKE else bits)


def _same(tx: Session, given: AuthorizationInput, other_than: str | None = None) -> Authorization | None:
    """The authorization of the same type, owner and resource (the unique key), if any."""
    owner = (Authorization.user_id == given.user_id) if given.user_id else (Authorization.group_id == given.group_id)
    conds = [owner, Authorization.type == given.type, Authorization.resource_type == given.resource_type,
             Authorization.resource_id == given.resource_id]
    if other_than is not None:
        conds.append(Authorization.id != other_than)
    return tx.scalar(select(Authorization).where(*conds).limit(1))


def _exists(row: Authorization) -> AlreadyExists:
    return AlreadyExists(
        "AUTHORIZATION_EXISTS",
        f"authorization {row.id!r} is of the same type, {'user' if row.user_id else 'group'} and resource",
        metadata={"type": "conflict", "id": row.id})


def _logged(tx: Session, clock: Clock, caller: Caller, operation: str, row: Authorization,
            before: Mapping[str, object] | None) -> None:
    """The document's engine's Authorization entry: permissionBits, permissions, type, resource,
    resourceId, userId, groupId (before: an Update's previous values)."""
    now = _properties(row)
    operation_log.Operation(tx, clock, caller, operation).entry(
        operation_log.Subject("Authorization", {}, _ADMIN),
        *((name, None if before is None else before[name], value) for name, value in now.items()))


def _properties(row: Authorization) -> dict[str, object]:
    return {"permissionBits": row.permissions, "permissions": ", ".join(permission_names(row)) or NONE,
            "type": row.type, "resource": resource_name(row.resource_type), "resourceId": row.resource_id,
            "userId": row.user_id, "groupId": row.group_id}


def create(tx: Session, clock: Clock, caller: Caller, given: AuthorizationInput | None) -> Authorization:
    """CreateAuthorization."""
    caller.require_admin("create authorizations")
    if given is None:
        raise missing_required_field("authorization")
    problems = Violations()
    given, bits = _validated(given, problems)
    problems.raise_if_any()
    clash = _same(tx, given)
    if clash is not None:
        raise _exists(clash)
    row = Authorization(id=str(uuid.uuid4()), type=given.type, permissions=bits, user_id=given.user_id or None,
                        group_id=given.group_id or None, resource_type=given.resource_type,
                        resource_id=given.resource_id)
    tx.add(row)
    tx.flush()
    _logged(tx, clock, caller, "Create", row, None)
    return row


def _readable(caller: Caller) -> list[ColumnElement[bool]]:
    """The conditions that keep a query to the authorizations the caller reads: none for an
    admin; else the GLOBAL ones and those of its user and of its user's groups."""
    if caller.is_admin:
        return []
    return [or_(Authorization.user_id.in_((caller.user_name, ANY)),
                Authorization.group_id.in_(groups.member_groups(caller.user_name)))]


def get(tx: Session, caller: Caller, authorization_id: str, field_name: str = "id", *,
        lock: bool = False) -> Authorization:
    """The authorization ``authorization_id`` names (the request's ``field_name``), when the
    caller reads it; else AUTHORIZATION_NOT_FOUND. With ``lock`` its row is held for the change
    to come (on PostgreSQL a call racing it waits, then finds it as the first left it)."""
    if not authorization_id:
        raise missing_required_field(field_name)
    if lock:
        row = tx.get(Authorization, authorization_id, with_for_update=True, populate_existing=True)
    else:
        row = tx.scalar(select(Authorization).where(Authorization.id == authorization_id, *_readable(caller)))
    if row is None:
        raise not_found("authorization", "AUTHORIZATION_NOT_FOUND", authorization_id, field_name)
    return row


def update(tx: Session, clock: Clock, caller: Caller, authorization_id: str,
           changes: Mapping[str, object]) -> Authorization:
    """UpdateAuthorization: the fields ``changes`` names (of UPDATABLE) set; the result must be
    an authorization CreateAuthorization takes."""
    caller.require_admin("change authorizations")
    row = get(tx, caller, authorization_id, "authorization.id", lock=True)
    current = AuthorizationInput(type=row.type, permissions=tuple(permission_names(row)), user_id=row.user_id or "",
                                 group_id=row.group_id or "", resource_type=row.resource_type,
                                 resource_id=row.resource_id)
    given = replace(current, **changes)  # type: ignore[arg-type]
    problems = Violations()
    given, bits = _validated(given, problems)
    problems.raise_if_any()
    clash = _same(tx, given, other_than=row.id)
    if clash is not None:
        raise _exists(clash)
    before = _properties(row)
    row.permissions, row.user_id, row.group_id = bits, given.user_id or None, given.group_id or None
    row.resource_type, row.resource_id = given.resource_type, given.resource_id
    tx.flush()
    _logged(tx, clock, caller, "Update", row, before)
    return row


def delete_authorization(tx: Session, clock: Clock, caller: Caller, authorization_id: str) -> None:
    """DeleteAuthorization."""
    caller.require_admin("delete authorizations")
    row = get(tx, caller, authorization_id, lock=True)
    tx.delete(row)
    tx.flush()
    _logged(tx, clock, caller, "Delete", row, None)


def delete_of_group(tx: Session, group_id: str) -> None:
    """What DeleteGroup takes along, as the document's engine's deleteGroup: the group's
    authorizations and those whose resource is the group (unlogged, as there)."""
    tx.execute(delete(Authorization).where(or_(
        Authorization.group_id == group_id,
        and_(Authorization.resource_type == RESOURCE_CODES["Group"], Authorization.resource_id == group_id))))


def delete_of_resource(tx: Session, code: int, resource_id: str) -> None:
    """The authorizations whose resource is this one (the document's deleteAuthorizations: a
    deleted tenant's, unlogged)."""
    tx.execute(delete(Authorization).where(Authorization.resource_type == code,
                                           Authorization.resource_id == resource_id))


# -- the query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorizationQuery:
    """The filters of QueryAuthorizations and CountAuthorizations; each given one must hold."""

    id: str = ""
    type: int | None = None
    user_id_in: tuple[str, ...] = ()
    group_id_in: tuple[str, ...] = ()
    resource_type: int | None = None
    resource_id: str = ""
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {"resource_type": Authorization.resource_type, "resource_id": Authorization.resource_id}


def _conditions(caller: Caller, q: AuthorizationQuery) -> list[ColumnElement[bool]]:
    if q.type is not None and q.type not in TYPES:
        raise invalid_field("type", f"{q.type} is not an authorization type: 0 (GLOBAL), 1 (GRANT) or 2 (REVOKE)")
    conds = executions.equalities([(Authorization.id, q.id), (Authorization.user_id, list(q.user_id_in)),
                                   (Authorization.group_id, list(q.group_id_in)),
                                   (Authorization.resource_id, q.resource_id)])
    if q.type is not None:
        conds.append(Authorization.type == q.type)
    if q.resource_type is not None:
        conds.append(Authorization.resource_type == q.resource_type)
    return conds + _readable(caller)


def query(tx: Session, caller: Caller, q: AuthorizationQuery, offset: int, limit: int) -> list[Authorization]:
    order = executions.ordering(q.sorting, SORT_KEYS, Authorization.id)
    return list(tx.scalars(select(Authorization).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: AuthorizationQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(Authorization).where(*_conditions(caller, q))) or 0)


# -- the check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """CheckAuthorization's answer: the check as it was taken, and its outcome."""

    authorized: bool
    permission_name: str
    resource_type: int
    resource_id: str
    user_id: str


def _resource_code(resource_name_given: str, code: int | None) -> int:
    problems = Violations()
    if not resource_name_given and code is None:
        raise missing_required_field("resource_name", "resource_name (or resource_type) is required")
    by_name = RESOURCE_CODES.get(resource_name_given) if resource_name_given else None
    if resource_name_given and by_name is None:
        problems.add("resource_name", f"{resource_name_given!r} is not a resource type; use one of "
                     + ", ".join(RESOURCE_CODES))
    if code is not None and code not in RESOURCE_TYPES:
        problems.add("resource_type", f"{code} is not a resource type code")
    elif code is not None and by_name is not None and by_name != code:
        problems.add("resource_type", f"{code} ({resource_name(code)}) is not {resource_name_given!r} ({by_name})")
    problems.raise_if_any()
    return code if code is not None else by_name  # type: ignore[return-value]


def decide(rows: Iterable[Authorization], user_name: str, user_groups: Sequence[str], resource_id: str,
           bits: int) -> bool:
    """The document's engine's precedence over the authorizations of one resource type that
    may apply (``rows``): the first level that decides answers, a grant before a revoke."""
    rows = list(rows)
    ids = (resource_id, ANY) if resource_id and resource_id != ANY else (ANY,)
    for owner, rid in [(owner, rid) for owner in ("user", "group", "global") for rid in ids]:
        at = [r for r in rows if r.resource_id == rid and (
            (owner == "user" and r.type in (GRANT, REVOKE) and r.user_id == user_name)
            or (owner == "group" and r.type in (GRANT, REVOKE) and r.group_id in user_groups)
            or (owner == "global" and r.type == GLOBAL))]
        granting, revoking = (GLOBAL, GLOBAL) if owner == "global" else (GRANT, REVOKE)
        if any(r.type == granting and r.permissions & bits == bits for r in at):
            return True
        if any(r.type == revoking and r.permissions & bits != bits for r in at):
            return False
    return False


def is_authorized(tx: Session, user_name: str, code: int, resource_id: str, bits: int) -> bool:
    """Whether the user (a display_name) and its groups have the permission ``bits`` on the
    resource (``resource_id`` empty or ``*``: on every resource of the type)."""
    user_groups = list(tx.scalars(groups.member_groups(user_name)))
    ids = [ANY] + ([resource_id] if resource_id and resource_id != ANY else [])
    owners = [Authorization.user_id.in_((user_name, ANY))]
    if user_groups:
        owners.append(Authorization.group_id.in_(user_groups))
    rows = tx.scalars(select(Authorization).where(Authorization.resource_type == code,
                                                  Authorization.resource_id.in_(ids), or_(*owners)))
    return decide(rows, user_name, user_groups, resource_id, bits)


def check(tx: Session, caller: Caller, permission_name: str, resource_name_given: str, code: int | None,
          resource_id: str, user_id: str) -> CheckResult:
    """CheckAuthorization: the token's user (an admin token: always authorized) or, for an
    admin, another."""
    problems = Violations()
    problems.require(permission_name=permission_name)
    problems.raise_if_any()
    code = _resource_code(resource_name_given, code)
    known = _bits_of(code)
    if permission_name not in known:
        raise invalid_field("permission_name", _permission_problem(permission_name, code), permission=permission_name,
                            resource_type=code)
    own = not user_id or user_id == caller.user_name
    if not own:
        caller.require_admin("check another user's authorizations")
    user_name = caller.user_name if own else user_id
    authorized = (own and caller.is_admin) or is_authorized(tx, user_name, code, resource_id, known[permission_name])
    return CheckResult(authorized, permission_name, code, resource_id, user_name)

