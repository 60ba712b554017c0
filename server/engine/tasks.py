"""User tasks: query, claim and assign, update, task variables, complete; standalone tasks
(of no process and no case): create and delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping, Protocol

from sqlalchemy import ColumnElement, Select, and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import activity_log, executions, identity_link_log, operation_log, task_log, variable_log
from server.engine.cases.models import CaseDefinition, CaseInstance
from server.engine.errors import not_found, precondition, variable_not_found, visible
from server.engine.groups import member_groups
from server.engine.identity_link_log import ASSIGNEE, CANDIDATE, OWNER
from server.engine.models import (Execution, HistoricTaskInstance, ProcessDefinition, ProcessInstance, Task,
                                  TaskCandidate, Variable)
from server.engine.runtime import KEY_SHARE, Runtime, delete_variables, end_tasks, new_id, write_variable
from server.engine.variables import TypedValue
from server.errors import (AlreadyExists, Violations, check_length, invalid_field, max_length, missing_required_field,
                           too_long)
from server.identity.service import Caller

# The orderings of QueryTasks, by the names TaskSorting.SortBy maps to.
SORT_KEYS: dict[str, Any] = {
    "created": Task.created,
    "priority": Task.priority,
    "due": Task.due_date,
    "follow_up": Task.follow_up_date,
    "name": Task.name,
    "id": Task.id,
    "assignee": Task.assignee,
    "description": Task.description,
    "process_instance_id": Task.process_instance_id,
    "case_instance_id": Task.case_instance_id,
    "execution_id": Task.execution_id,
    "case_execution_id": Task.case_execution_id,
    "name_case_insensitive": func.lower(Task.name),
}
# The keys of SORT_KEYS every task has a value of; a missing value of the others sorts last.
_NEVER_MISSING = frozenset({"created", "priority", "id"})

# The fields UpdateTask changes -> (the Task attribute each is kept in, its name in the operation
# log: the document's engine's).
UPDATABLE = {
    "name": ("name", "name"),
    "description": ("description", "description"),
    "priority": ("priority", "priority"),
    "due": ("due_date", "dueDate"),
    "follow_up": ("follow_up_date", "followUpDate"),
    "owner": ("owner", "owner"),
    "parent_task_id": ("parent_task_id", "parentTask"),
}
# Task.delegation_state: delegated, and handed back.
PENDING, RESOLVED = "PENDING", "RESOLVED"


@dataclass(frozen=True)
class TaskQuery:
    """The filters of QueryTasks and CountTasks; each given one must hold. ``equal``: a key of
    EQUALITY_FILTERS or CONTAINER_FILTERS -> the value it must have (a list: one of them);
    ``like``: a key of LIKE_FILTERS or CONTAINER_LIKE_FILTERS -> its pattern."""

    equal: dict[str, Any] = field(default_factory=dict)
    like: dict[str, str] = field(default_factory=dict)
    name_not_equal: str = ""
    name_not_like: str = ""
    assignee_not_in: tuple[str, ...] = ()
    activity_instance_id_in: tuple[str, ...] = ()
    assigned: bool = False
    unassigned: bool = False
    candidate_user: str = ""
    candidate_group: str = ""
    candidate_groups: tuple[str, ...] = ()
    # The groups of this user are candidate groups too, beside candidate_groups: a filter's
    # ${currentUserGroups()} as its caller runs it (server.engine.filters); not a request field.
    candidate_groups_of: str = ""
    include_assigned_tasks: bool = False
    with_candidate_groups: bool = False
    without_candidate_groups: bool = False
    with_candidate_users: bool = False
    without_candidate_users: bool = False
    involved_user: str = ""
    delegation_state: str | None = None
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    active: bool = False
    suspended: bool = False
    priority: int | None = None
    min_priority: int | None = None
    max_priority: int | None = None
    due: datetime | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    without_due: bool = False
    follow_up: datetime | None = None
    follow_up_before: datetime | None = None
    follow_up_after: datetime | None = None
    follow_up_before_or_none: datetime | None = None
    created: datetime | None = None
    created_before: datetime | None = None
    created_after: datetime | None = None
    # A key of VARIABLE_SCOPES (the request's field) -> its filters.
    variables: dict[str, list[executions.VariableFilter]] = field(default_factory=dict)
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    # (a key of SORT_KEYS, descending), the first primary; empty: by creation.
    sorting: tuple[tuple[str, bool], ...] = ()
    # Each must hold too, and holds when one of its given filters does (or it gives none); they
    # have no sorting, no or_queries and no with_/without_candidate_ filters of their own.
    or_queries: tuple[TaskQuery, ...] = ()


# The request's equality filters on the task's own columns -> the column each compares (a
# repeated one: IN).
EQUALITY_FILTERS: dict[str, Any] = {
    "task_id": Task.id,
    "task_id_in": Task.id,
    "process_instance_id": Task.process_instance_id,
    "process_instance_id_in": Task.process_instance_id,
    "execution_id": Task.execution_id,
    "process_definition_id": Task.process_definition_id,
    "case_instance_id": Task.case_instance_id,
    "case_execution_id": Task.case_execution_id,
    "case_definition_id": Task.case_definition_id,
    "task_definition_key": Task.task_definition_key,
    "task_definition_key_in": Task.task_definition_key,
    "assignee": Task.assignee,
    "assignee_in": Task.assignee,
    "owner": Task.owner,
    "parent_task_id": Task.parent_task_id,
    "name": Task.name,
    "description": Task.description,
}
# The request's like filters on the task's own columns -> the column each matches.
LIKE_FILTERS: dict[str, Any] = {
    "assignee_like": Task.assignee,
    "task_definition_key_like": Task.task_definition_key,
    "name_like": Task.name,
    "description_like": Task.description,
}
# The request's filters on what contains the task (its instance or definition) -> (the task's
# column naming it, its id column, the column compared): a task matches when that row does.
_PROCESS_DEFINITION = (Task.process_definition_id, ProcessDefinition.id)
_PROCESS_INSTANCE = (Task.process_instance_id, ProcessInstance.id)
_CASE_DEFINITION = (Task.case_definition_id, CaseDefinition.id)
_CASE_INSTANCE = (Task.case_instance_id, CaseInstance.id)
CONTAINER_FILTERS: dict[str, tuple[Any, Any, Any]] = {
    "process_definition_key": (*_PROCESS_DEFINITION, ProcessDefinition.key),
    "process_definition_key_in": (*_PROCESS_DEFINITION, ProcessDefinition.key),
    "process_definition_name": (*_PROCESS_DEFINITION, ProcessDefinition.name),
    "business_key": (*_PROCESS_INSTANCE, ProcessInstance.business_key),
    "business_key_in": (*_PROCESS_INSTANCE, ProcessInstance.business_key),
    "case_definition_key": (*_CASE_DEFINITION, CaseDefinition.key),
    "case_definition_name": (*_CASE_DEFINITION, CaseDefinition.name),
    "case_instance_business_key": (*_CASE_INSTANCE, CaseInstance.business_key),
}
CONTAINER_LIKE_FILTERS: dict[str, tuple[Any, Any, Any]] = {
    "process_definition_name_like": (*_PROCESS_DEFINITION, ProcessDefinition.name),
    "business_key_like": (*_PROCESS_INSTANCE, ProcessInstance.business_key),
    "case_definition_name_like": (*_CASE_DEFINITION, CaseDefinition.name),
    "case_instance_business_key_like": (*_CASE_INSTANCE, CaseInstance.business_key),
}

# The request's variable filters -> the task's column naming the scope that owns the variables:
# the task itself, its process instance, its case instance.
VARIABLE_SCOPES = {
    "task_variables": Task.id,
    "process_variables": Task.process_instance_id,
    "case_instance_variables": Task.case_instance_id,
}


def candidates(tx: Session, task_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Task id -> (candidate users, candidate groups)."""
    out: dict[str, tuple[list[str], list[str]]] = {t: ([], []) for t in task_ids}
    if task_ids:
        for row in tx.scalars(select(TaskCandidate).where(TaskCandidate.task_id.in_(task_ids)).order_by(TaskCandidate.id)):
            out[row.task_id][0 if row.kind == "user" else 1].append(row.value)
    return out


def query_tasks(tx: Session, caller: Caller, q: TaskQuery, offset: int, limit: int) -> list[Task]:
    return list(tx.scalars(query_statement(caller, q, offset, limit)))


def query_statement(caller: Caller, q: TaskQuery, offset: int, limit: int) -> Select[tuple[Task]]:
    """The SELECT of one page of QueryTasks."""
    return select(Task).where(*_conditions(caller, q)).order_by(*_ordering(q.sorting)).offset(offset).limit(limit)


def count(tx: Session, caller: Caller, q: TaskQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(Task).where(*_conditions(caller, q))) or 0)


def _candidate(kind: str, values: Iterable[str] | None = None) -> ColumnElement[bool]:
    """The task names a candidate of this kind (with ``values``: one of them)."""
    found = exists().where(TaskCandidate.task_id == Task.id, TaskCandidate.kind == kind)
    return found.where(TaskCandidate.value.in_(list(values))) if values is not None else found


def _named(kind: str, value: ColumnElement[bool]) -> Select[tuple[str]]:
    """The ids of the tasks naming a candidate of this kind whose value meets ``value``."""
    return select(TaskCandidate.task_id).where(TaskCandidate.kind == kind, value)


def _offered_to(user: str) -> ColumnElement[bool]:
    """The task names the user as a candidate, or one of the user's groups as a candidate
    group: the document's engine's candidate user. (Each part is found through the candidates'
    (kind, value) index, not task by task.)"""
    return Task.id.in_(_named("user", TaskCandidate.value == user)
                       .union_all(_named("group", TaskCandidate.value.in_(member_groups(user)))))


def _offered_to_groups(group_ids: tuple[str, ...], groups_of: str) -> ColumnElement[bool]:
    """The task names one of ``group_ids``, or one of the groups of the user ``groups_of``, as
    a candidate group."""
    if not groups_of:
        return _candidate("group", group_ids)
    of_user = TaskCandidate.value.in_(member_groups(groups_of))
    return Task.id.in_(_named("group", or_(TaskCandidate.value.in_(group_ids), of_user) if group_ids else of_user))


def _or_missing(column: Any, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return or_(column.is_(None), condition)


def _conditions(caller: Caller, q: TaskQuery) -> list[ColumnElement[bool]]:
    """The query's filters (each must hold), its or_queries (each must hold: one of its filters
    does) and the caller's tenants."""
    return (_filters(q, either=False) + executions.either_of(q.or_queries, lambda o: _filters(o, either=True))
            + caller.tenant_conditions(Task.tenant_id))


def _filters(q: TaskQuery, *, either: bool) -> list[ColumnElement[bool]]:
    """One condition per filter ``q`` gives, whole (a candidate filter's unassigned included):
    the query holds when all do, an or-query (``either``) when one does. Filters that exclude
    each other in a query are alternatives in an or-query (assigned or unassigned)."""
    if not either:
        executions.exclusive([
            (q.assigned, q.unassigned, "assigned", "unassigned"),
            (q.active, q.suspended, "active", "suspended"),
            (q.with_candidate_groups, q.without_candidate_groups, "with_candidate_groups",
             "without_candidate_groups"),
            (q.with_candidate_users, q.without_candidate_users, "with_candidate_users", "without_candidate_users"),
            (bool(q.candidate_group), bool(q.candidate_groups or q.candidate_groups_of), "candidate_group",
             "candidate_groups"),
        ])
    # The candidate filters given, each a condition on the task's candidates.
    offered: list[ColumnElement[bool]] = []
    if q.candidate_user:
        offered.append(_offered_to(q.candidate_user))
    if q.candidate_group:
        offered.append(_candidate("group", [q.candidate_group]))
    if q.candidate_groups or q.candidate_groups_of:
        offered.append(_offered_to_groups(q.candidate_groups, q.candidate_groups_of))
    if q.include_assigned_tasks and not offered:
        raise invalid_field("include_assigned_tasks",
                            "include_assigned_tasks needs candidate_user, candidate_group or candidate_groups")
    conds = executions.tenant_choice(Task.tenant_id, list(q.tenant_id_in), q.without_tenant_id, alternatives=either)
    conds += executions.equalities((EQUALITY_FILTERS[name], value) for name, value in q.equal.items()
                                   if name in EQUALITY_FILTERS)
    for name, pattern in q.like.items():
        if pattern and name in LIKE_FILTERS:
            conds.append(executions.like(LIKE_FILTERS[name], pattern, name))
    for name, value in q.equal.items():
        if name in CONTAINER_FILTERS and value:
            ref, key, column = CONTAINER_FILTERS[name]
            conds.append(ref.in_(select(key).where(*executions.equalities([(column, value)]))))
    for name, pattern in q.like.items():
        if name in CONTAINER_LIKE_FILTERS and pattern:
            ref, key, column = CONTAINER_LIKE_FILTERS[name]
            conds.append(ref.in_(select(key).where(executions.like(column, pattern, name))))
    if q.name_not_equal:
        conds.append(_or_missing(Task.name, Task.name != q.name_not_equal))
    if q.name_not_like:
        conds.append(_or_missing(Task.name, ~executions.like(Task.name, q.name_not_like, "name_not_like")))
    if q.assignee_not_in:
        conds.append(_or_missing(Task.assignee, Task.assignee.not_in(q.assignee_not_in)))
    if q.activity_instance_id_in:
        # A process's task's pass, as the task history keeps it (a case's task has none).
        conds.append(exists().where(HistoricTaskInstance.id == Task.id, Task.execution_id.is_not(None),
                                    HistoricTaskInstance.activity_instance_id.in_(q.activity_instance_id_in)))
    if q.assigned:
        conds.append(Task.assignee.is_not(None))
    if q.unassigned:
        conds.append(Task.assignee.is_(None))
    for named in offered:
        conds.append(named if q.include_assigned_tasks else and_(Task.assignee.is_(None), named))
    for kind, with_, without in (("group", q.with_candidate_groups, q.without_candidate_groups),
                                 ("user", q.with_candidate_users, q.without_candidate_users)):
        if with_:
            conds.append(_candidate(kind))
        if without:
            conds.append(~_candidate(kind))
    if q.involved_user:
        conds.append(or_(Task.assignee == q.involved_user, Task.owner == q.involved_user,
                         _candidate("user", [q.involved_user])))
    if q.delegation_state is not None:
        conds.append(Task.delegation_state == q.delegation_state)
    if q.active:
        conds.append(~Task.suspended)
    if q.suspended:
        conds.append(Task.suspended)
    if q.priority is not None:
        conds.append(Task.priority == q.priority)
    if q.min_priority is not None:
        conds.append(Task.priority >= q.min_priority)
    if q.max_priority is not None:
        conds.append(Task.priority <= q.max_priority)
    for column, at, before, after in ((Task.due_date, q.due, q.due_before, q.due_after),
                                      (Task.follow_up_date, q.follow_up, q.follow_up_before, q.follow_up_after),
                                      (Task.created, q.created, q.created_before, q.created_after)):
        if at is not None:
            conds.append(column == at)
        if before is not None:
            conds.append(column < before)
        if after is not None:
            conds.append(column > after)
    if q.without_due:
        conds.append(Task.due_date.is_(None))
    if q.follow_up_before_or_none is not None:
        conds.append(_or_missing(Task.follow_up_date, Task.follow_up_date < q.follow_up_before_or_none))
    for name, filters in q.variables.items():
        for f, row in executions.variable_conditions(filters, name, executions.LOCAL_OPERATORS,
                                                     q.variable_names_ignore_case, q.variable_values_ignore_case):
            conds.append(executions.having_variable(f.operator, VARIABLE_SCOPES[name], Variable.scope_id, row))
    return conds


def _ordering(sorting: Iterable[tuple[str, bool]]) -> list[Any]:
    order: list[Any] = []
    for key, descending in tuple(sorting) or (("created", False),):
        column = SORT_KEYS[key]
        if key in _NEVER_MISSING:
            order.append(column.desc() if descending else column.asc())
        else:
            # A missing value counts as the largest, as PostgreSQL has it by default; SQLite
            # puts NULL first in ascending order unless told otherwise.
            order.append(column.desc().nulls_first() if descending else column.asc().nulls_last())
        if key == "id":
            return order  # unique: nothing after it changes the order
    order.append(Task.id.asc())
    return order


def get_task(tx: Session, caller: Caller, task_id: str, *, lock: bool | Mapping[str, bool] = False,
             field_name: str = "id") -> Task:
    """The task, if the caller sees its tenant; with ``lock`` (True: FOR UPDATE, or the
    with_for_update arguments of another lock, such as KEY_SHARE), its row locked for this
    transaction and read as the last call that held it left it."""
    task = tx.get(Task, task_id, with_for_update=lock, populate_existing=bool(lock)) if task_id else None
    return visible(caller, task, "task", "TASK_NOT_FOUND", task_id, field_name)


def _require_active(task: Task) -> None:
    if task.suspended:
        raise precondition("SUSPENDED", f"task {task.id} is suspended; activate its instance first", task.id)


def standalone(task: Task | HistoricTaskInstance) -> bool:
    """Whether the task (running, or as the task history keeps it) belongs to no process and no
    case: CreateTask made it."""
    return task.process_instance_id is None and task.case_instance_id is None


def _require_standalone(task: Task | HistoricTaskInstance) -> None:
    if standalone(task):
        return
    if task.process_instance_id:
        owner, field, instance = "process instance", "process_instance_id", task.process_instance_id
    else:
        owner, field, instance = "case instance", "case_instance_id", task.case_instance_id
    raise precondition("TASK_NOT_STANDALONE", f"task {task.id} belongs to {owner} {instance}: it ends with it "
                       "(CompleteTask, or the instance's deletion), not by DeleteTask", task.id, **{field: instance})


def log_operation(tx: Session, clock: Clock, caller: Caller, operation_type: str, task: Task,
                  *changes: tuple[str, Any, Any], entity_type: str = "Task") -> None:
    """The operation's entries in the operation log, for a user task of a process, a human task
    of a case or a standalone task alike (they go with the instance or the case; a standalone
    task's stay)."""
    operation_log.Operation(tx, clock, caller, operation_type).entry(
        operation_log.of_task(task, identity_link_log.definition_key(tx, task), entity_type), *changes)


def claim(tx: Session, clock: Clock, caller: Caller, task_id: str, user_id: str) -> Task:
    if not user_id:
        raise missing_required_field("user_id")
    check_length("user_id", user_id, Task.assignee)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    if task.assignee and task.assignee != user_id:
        raise precondition(
            "TASK_ALREADY_CLAIMED",
            f"task {task.id} is already claimed by {task.assignee}",
            task.id,
            assignee=task.assignee,
        )
    log_operation(tx, clock, caller, "Claim", task, *operation_log.changed(("assignee", task.assignee, user_id)))
    _set_user(tx, clock, caller, task, ASSIGNEE, user_id)
    return task


def unclaim(tx: Session, clock: Clock, caller: Caller, task_id: str) -> Task:
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    log_operation(tx, clock, caller, "Assign", task, ("assignee", task.assignee, None))  # the document's engine's name
    _set_user(tx, clock, caller, task, ASSIGNEE, None)
    return task


def set_assignee(tx: Session, clock: Clock, caller: Caller, task_id: str, user_id: str) -> Task:
    """The assignee becomes ``user_id`` (none when empty), whoever held the task."""
    check_length("user_id", user_id, Task.assignee)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    log_operation(tx, clock, caller, "Assign", task, ("assignee", task.assignee, user_id or None))
    _set_user(tx, clock, caller, task, ASSIGNEE, user_id or None)
    return task


def _set_user(tx: Session, clock: Clock, caller: Caller, task: Task, role: str, user: str | None) -> None:
    """The task's ASSIGNEE or OWNER becomes ``user``, in the history too: the identity link log,
    the historic task instance and, for an assignee, the activity instance (a process's user
    task; held by the task's lock, which CompleteTask takes too). Lock order: the task's row,
    then its historic task instance, then its pass."""
    if getattr(task, role) == user:
        return
    identity_link_log.user_changed(tx, task, role, getattr(task, role), user, clock.now(), caller.user_name)
    setattr(task, role, user)
    task_log.changed(tx, task.id, {role: user})
    if role == ASSIGNEE and task.execution_id is not None:
        activity_log.assigned(tx, task.execution_id, task.task_definition_key, user)


def delegate(tx: Session, clock: Clock, caller: Caller, task_id: str, user_id: str) -> Task:
    """``user_id`` becomes the assignee, working for the owner (the assignee so far, unless the
    task has one); the delegation is PENDING until they resolve it."""
    if not user_id:
        raise missing_required_field("user_id")
    check_length("user_id", user_id, Task.assignee)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    owner = task.owner or task.assignee
    log_operation(tx, clock, caller, "Delegate", task, ("delegation", task.delegation_state, PENDING),
         ("owner", task.owner, owner), ("assignee", task.assignee, user_id))
    task.delegation_state = PENDING
    _set_user(tx, clock, caller, task, OWNER, owner)
    _set_user(tx, clock, caller, task, ASSIGNEE, user_id)
    return task


def resolve(tx: Session, clock: Clock, caller: Caller, task_id: str, variables: Mapping[str, TypedValue]) -> Task:
    """Sets the variables as a completion would, and hands the delegated task back to its owner."""
    task = get_task(tx, caller, task_id)
    _require_delegated(task)
    _require_active(task)
    cases = _case_tasks(task)
    runtime = None
    if cases is not None:
        cases.hold(tx, clock, task)(variables, [])
    elif task.process_instance_id:
        runtime = Runtime(tx, clock)
        runtime.lock_instance(task.process_instance_id)
        runtime.set_variables(_execution(tx, task), variables)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    _require_delegated(task)  # as the calls that held the task before left it
    if standalone(task):
        _set_own(tx, clock, task, variables)
    log_operation(tx, clock, caller, "Resolve", task, ("delegation", PENDING, RESOLVED), ("assignee", task.assignee, task.owner))
    task.delegation_state = RESOLVED
    _set_user(tx, clock, caller, task, ASSIGNEE, task.owner)
    if runtime is not None:  # the changes reach the instance's conditional events (server.engine.conditions)
        runtime.run()
    return task


def _require_delegated(task: Task) -> None:
    if task.delegation_state != PENDING:
        raise precondition("TASK_NOT_DELEGATED", f"task {task.id} is not delegated; only a delegated task is "
                           "resolved", task.id, delegation_state=task.delegation_state or "")


def _require_not_delegated(task: Task) -> None:
    if task.delegation_state == PENDING:
        raise precondition("TASK_DELEGATED", f"task {task.id} is delegated to {task.assignee}; they resolve it "
                           "(ResolveTask) before it is completed", task.id, assignee=task.assignee or "")


def update(tx: Session, clock: Clock, caller: Caller, task_id: str, changes: Mapping[str, Any]) -> Task:
    """Sets the fields ``changes`` names (keys of UPDATABLE; None clears a field)."""
    check_length("task.name", changes.get("name"), Task.name)
    check_length("task.owner", changes.get("owner"), Task.owner)
    task = get_task(tx, caller, task_id, lock=True, field_name="task.id")
    _require_active(task)
    if changes.get("parent_task_id") not in (None, task.parent_task_id):
        _hold_new_parent(tx, caller, task, changes["parent_task_id"])
    log_operation(tx, clock, caller, "Update", task, *operation_log.changed(
        *((UPDATABLE[name][1], getattr(task, UPDATABLE[name][0]), value) for name, value in changes.items())))
    if "owner" in changes:
        identity_link_log.user_changed(tx, task, OWNER, task.owner, changes["owner"], clock.now(), caller.user_name)
    values = {UPDATABLE[name][0]: value for name, value in changes.items()}
    for attribute, value in values.items():
        setattr(task, attribute, value)
    task_log.changed(tx, task.id, values)
    return task


def _hold_new_parent(tx: Session, caller: Caller, task: Task, parent_id: str) -> None:
    """The running task ``parent_id`` may take ``task`` as its subtask: ``task`` is standalone
    (as every subtask: CreateTask makes them), of the parent's tenant, and neither the parent
    nor above it. The parent's row is held as CreateTask holds it (FOR KEY SHARE)."""
    _require_standalone(task)
    parent = get_task(tx, caller, parent_id, lock=KEY_SHARE, field_name="task.parent_task_id")
    if parent.tenant_id != task.tenant_id:
        raise invalid_field("task.parent_task_id", f"a subtask is of its parent's tenant: task {parent.id} is of "
                            f"tenant {parent.tenant_id or '(none)'}, task {task.id} of {task.tenant_id or '(none)'}",
                            parent_tenant_id=parent.tenant_id or "")
    above: str | None = parent.id
    while above is not None:
        if above == task.id:
            raise invalid_field("task.parent_task_id", f"task {parent.id} is task {task.id} or one of its subtasks: "
                                "a task cannot be under itself", parent_task_id=parent.id)
        above = tx.scalar(select(Task.parent_task_id).where(Task.id == above))


# -- identity links -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityLink:
    """A user (``user_id``) or group (``group_id``) linked to a task as ASSIGNEE, OWNER or
    CANDIDATE."""

    type: str
    user_id: str = ""
    group_id: str = ""

    @property
    def candidate(self) -> tuple[str, str]:
        """A CANDIDATE link's TaskCandidate kind and value."""
        return ("user", self.user_id) if self.user_id else ("group", self.group_id)


def identity_links(tx: Session, caller: Caller, task_id: str, link_type: str = "") -> list[IdentityLink]:
    """The task's assignee, its owner, then its candidates as they were added; ``link_type``:
    only those."""
    task = get_task(tx, caller, task_id, field_name="task_id")
    links = [IdentityLink(kind, user_id=user) for kind, user in ((ASSIGNEE, task.assignee), (OWNER, task.owner))
             if user and link_type in ("", kind)]
    if link_type in ("", CANDIDATE):
        for kind, value in tx.execute(select(TaskCandidate.kind, TaskCandidate.value)
                                      .where(TaskCandidate.task_id == task.id).order_by(TaskCandidate.id)):
            links.append(IdentityLink(CANDIDATE, **{"user_id" if kind == "user" else "group_id": value}))
    return links


def _checked(link: IdentityLink | None) -> IdentityLink:
    """The link of an add or delete, or INVALID_ARGUMENT naming each of its faults."""
    if link is None:
        raise missing_required_field("identity_link")
    problems = Violations()
    if not link.type:
        problems.add("identity_link.type", "type is required: TYPE_ASSIGNEE, TYPE_OWNER or TYPE_CANDIDATE",
                     "MISSING_REQUIRED_FIELD")
    if not link.user_id and not link.group_id:
        problems.add("identity_link.user_id", "name a user_id or a group_id", "MISSING_REQUIRED_FIELD")
    elif link.user_id and link.group_id:
        problems.add("identity_link.group_id", "give a user_id or a group_id, not both")
    elif link.type in (ASSIGNEE, OWNER) and link.group_id:
        problems.add("identity_link.group_id", f"the {link.type} is a user, not a group")
    for name in ("user_id", "group_id"):
        problem = too_long(getattr(link, name), TaskCandidate.value)
        if problem is not None:
            problems.add(f"identity_link.{name}", problem, max_length=max_length(TaskCandidate.value))
    problems.raise_if_any()
    return link


def _link_change(tx: Session, clock: Clock, caller: Caller, operation: str, task: Task, link: IdentityLink,
                 before: str | None, after: str | None) -> None:
    """The operation log entry of a link added or deleted (AddUserLink, DeleteGroupLink, ...)."""
    subject = "User" if link.user_id else "Group"
    log_operation(tx, clock, caller, f"{operation}{subject}Link", task, (link.type, before, after), entity_type="IdentityLink")


def _candidate_of(task: Task, link: IdentityLink) -> list[ColumnElement[bool]]:
    """The conditions of the task's candidate row that a CANDIDATE ``link`` names."""
    kind, value = link.candidate
    return [TaskCandidate.task_id == task.id, TaskCandidate.kind == kind, TaskCandidate.value == value]


def add_identity_link(tx: Session, clock: Clock, caller: Caller, task_id: str, link: IdentityLink | None) -> Task:
    link = _checked(link)
    task = get_task(tx, caller, task_id, lock=True, field_name="task_id")
    _require_active(task)
    if link.type in (ASSIGNEE, OWNER):
        if getattr(task, link.type) != link.user_id:
            _link_change(tx, clock, caller, "Add", task, link, getattr(task, link.type), link.user_id)
            _set_user(tx, clock, caller, task, link.type, link.user_id)
        return task
    if tx.scalar(select(TaskCandidate.id).where(*_candidate_of(task, link)).limit(1)) is None:
        kind, value = link.candidate
        _link_change(tx, clock, caller, "Add", task, link, None, value)
        identity_link_log.candidate_changed(tx, task, identity_link_log.ADD, kind, value, clock.now(), caller.user_name)
        tx.add(TaskCandidate(task_id=task.id, kind=kind, value=value))
    return task


def delete_identity_link(tx: Session, clock: Clock, caller: Caller, task_id: str, link: IdentityLink | None) -> Task:
    link = _checked(link)
    task = get_task(tx, caller, task_id, lock=True, field_name="task_id")
    _require_active(task)
    if link.type in (ASSIGNEE, OWNER):
        if getattr(task, link.type) == link.user_id:
            _link_change(tx, clock, caller, "Delete", task, link, link.user_id, None)
            _set_user(tx, clock, caller, task, link.type, None)
        return task
    gone = tx.execute(delete(TaskCandidate).where(*_candidate_of(task, link)))
    if gone.rowcount:  # type: ignore[attr-defined]
        kind, value = link.candidate
        _link_change(tx, clock, caller, "Delete", task, link, value, None)
        identity_link_log.candidate_changed(tx, task, identity_link_log.DELETE, kind, value, clock.now(),
                                            caller.user_name)
    return task


# -- task variables -----------------------------------------------------------------------------


class CaseTasks(Protocol):
    """What the case context does for a task of a case (a human task), which this module
    cannot: it knows processes only. server.engine.cases.service registers it in CASE_TASKS."""

    def complete(self, tx: Session, clock: Clock, task: Task, variables: Mapping[str, TypedValue]) -> None: ...

    def visible_variables(self, tx: Session, clock: Clock, task: Task) -> dict[str, TypedValue]: ...

    def hold(self, tx: Session, clock: Clock, task: Task) -> Callable[[Mapping[str, TypedValue], list[str]], None]:
        """Locks the task's case (TASK_NOT_FOUND when it is gone) and returns a function that
        sets and deletes variables where they live, as seen from the task's case execution."""
        ...


CASE_TASKS: list[CaseTasks] = []


def _case_tasks(task: Task) -> CaseTasks | None:
    return CASE_TASKS[0] if task.case_execution_id and not task.execution_id else None


def _set_own(tx: Session, clock: Clock, task: Task, values: Mapping[str, TypedValue]) -> None:
    """Sets ``values`` on the task's own scope (a standalone task's only one)."""
    owner = variable_log.of_task(tx, task)
    for name, value in values.items():
        write_variable(tx, clock, owner, name, value)


def _execution(tx: Session, task: Task) -> Execution:
    execution = tx.get(Execution, task.execution_id) if task.execution_id else None
    if execution is None:
        raise not_found("task", "TASK_NOT_FOUND", task.id)
    return execution


def variables(tx: Session, clock: Clock, caller: Caller, task_id: str, local_only: bool) -> dict[str, TypedValue]:
    """The task's own variables; without ``local_only``, over those visible from its
    execution (or case execution), which they hide. A standalone task has no scope above its
    own."""
    task = get_task(tx, caller, task_id)
    if local_only:
        return Runtime(tx, clock).local_variables(task.id)
    return visible_variables(tx, clock, task)


def variable(tx: Session, clock: Clock, caller: Caller, task_id: str, name: str, local_only: bool) -> TypedValue:
    """GetTaskVariable: one variable as GetTaskVariables lists it (with ``local_only``, the task's
    own; else the nearest visible from it)."""
    if not name:
        raise missing_required_field("name")
    values = variables(tx, clock, caller, task_id, local_only)
    if name not in values:
        raise variable_not_found("task", task_id, name, local_only)
    return values[name]


def visible_variables(tx: Session, clock: Clock, task: Task) -> dict[str, TypedValue]:
    """Every variable visible from the task: its own over those of its execution's scopes (or
    its case execution's)."""
    runtime = Runtime(tx, clock)
    own = runtime.local_variables(task.id)
    if standalone(task):
        return own
    cases = _case_tasks(task)
    visible = (cases.visible_variables(tx, clock, task) if cases is not None
               else runtime.variables_visible(_execution(tx, task)))
    return {**visible, **own}


def modify_variables(tx: Session, clock: Clock, caller: Caller, task_id: str, modifications: Mapping[str, TypedValue],
                     deletions: Iterable[str], *, local: bool,
                     operation_type: str = operation_log.MODIFY_VARIABLE) -> None:
    """Sets, then deletes, variables of a task: with ``local`` on its own scope; else each
    where the task sees one of that name (its own scope first), else on its instance. A
    standalone task's own scope is its only one: there either way. Logged as ``operation_type``
    (ModifyTaskVariables; SetVariable and RemoveVariable for its one-variable siblings) before
    the changes, so their details name the entry."""
    task = get_task(tx, caller, task_id)
    local = local or standalone(task)
    cases = _case_tasks(task)
    runtime = Runtime(tx, clock)
    # The instance first, as CompleteTask takes it: a call that completes the task or ends the
    # instance (and deletes the task's variables) either came first, or waits for this one.
    write_in_case = None
    if cases is not None:
        write_in_case = cases.hold(tx, clock, task)
    elif task.process_instance_id:
        runtime.lock_instance(task.process_instance_id)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    operation_log.Operation(tx, clock, caller, operation_type).entry(
        operation_log.of_variables_of_task(tx, task, identity_link_log.definition_key(tx, task)))
    deletions = list(dict.fromkeys(deletions))
    own = set(tx.scalars(select(Variable.name).where(Variable.scope_id == task.id)))
    on_task = {name: value for name, value in modifications.items() if local or name in own}
    _set_own(tx, clock, task, on_task)
    tx.flush()
    delete_variables(tx, clock, variable_log.of_task(tx, task), [name for name in deletions if local or name in own])
    if local:
        return
    elsewhere = {name: value for name, value in modifications.items() if name not in on_task}
    gone = [name for name in deletions if name not in own]
    if write_in_case is not None:
        write_in_case(elsewhere, gone)
        return
    execution = _execution(tx, task)
    runtime.set_variables(execution, elsewhere)
    tx.flush()
    if gone:
        scopes = {e.id: e for e in runtime.chain(execution)}
        chain = list(scopes)
        nearest: dict[str, str] = {}
        for scope_id, name in sorted(
                tx.execute(select(Variable.scope_id, Variable.name)
                           .where(Variable.scope_id.in_(chain), Variable.name.in_(gone))).all(),
                key=lambda row: chain.index(row[0])):
            nearest.setdefault(name, scope_id)
        for name, scope_id in nearest.items():
            delete_variables(tx, clock, variable_log.of_execution(scopes[scope_id]), [name])
    runtime.run()  # the changes reach the instance's conditional events (server.engine.conditions)


def set_variable(tx: Session, clock: Clock, caller: Caller, task_id: str, name: str, value: TypedValue, *,
                 local: bool) -> None:
    """SetTaskVariable: ModifyTaskVariables with one modification, logged SetVariable."""
    modify_variables(tx, clock, caller, task_id, {name: value}, (), local=local,
                     operation_type=operation_log.SET_VARIABLE)


def delete_variable(tx: Session, clock: Clock, caller: Caller, task_id: str, name: str, *, local: bool) -> None:
    """DeleteTaskVariable: ModifyTaskVariables with one deletion, logged RemoveVariable."""
    if not name:
        raise missing_required_field("name")
    modify_variables(tx, clock, caller, task_id, {}, (name,), local=local,
                     operation_type=operation_log.REMOVE_VARIABLE)


def handle_bpmn_error(tx: Session, clock: Clock, caller: Caller, task_id: str, error_code: str, error_message: str,
                      variables: Mapping[str, TypedValue]) -> None:
    """Sets ``variables`` on the task's execution and throws the BPMN error there; what
    catches it deletes the task with its path. BPMN_ERROR_NOT_CAUGHT (the transaction, and
    so the variables, rolled back) when nothing does."""
    if not error_code:
        raise missing_required_field("error_code")
    task = get_task(tx, caller, task_id)
    if _case_tasks(task) is not None or not task.process_instance_id:
        what = ("a human task of a case, which has no BPMN errors" if task.case_instance_id
                else "a standalone task: no process is there to catch a BPMN error")
        raise precondition("NOT_A_PROCESS_TASK", f"task {task.id} is {what}", task.id)
    runtime = Runtime(tx, clock)
    runtime.lock_instance(task.process_instance_id)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    execution = _execution(tx, task)
    runtime.set_variables(execution, variables)
    if not runtime.throw_error(execution, error_code, error_message or None):
        raise precondition("BPMN_ERROR_NOT_CAUGHT",
                           f"no error boundary event catches BPMN error {error_code!r} thrown at task {task.id}",
                           task.id, error_code=error_code)
    runtime.run()


def complete(tx: Session, clock: Clock, caller: Caller, task_id: str, variables: Mapping[str, TypedValue],
             ended_variables: dict[str, dict[str, TypedValue]] | None = None, *,
             form: Callable[[Task], Mapping[str, TypedValue]] | None = None) -> Task:
    """Completes a task; ``ended_variables`` (when given) receives the variables of process
    instances that ended on the way, by instance id (and a standalone task's own, as it ended
    with them, by its id). ``form`` (SubmitTaskForm) turns the task, held and checked, into the
    variables to set instead of ``variables`` (the submitted ones): it validates them against
    the task's form. A process's task submitted so keeps the submitted values in the history
    (variable_log.form_submitted); a case's or a standalone task's does not, as in the
    document's engine (they have no execution)."""
    task = get_task(tx, caller, task_id)
    cases = _case_tasks(task)
    if cases is not None:
        _require_active(task)
        _require_not_delegated(task)
        if form is not None:
            variables = form(task)
        # Written first, as for a process's task: the entry goes with the transaction if the
        # case refuses (the task gone meanwhile, the case no longer active).
        log_operation(tx, clock, caller, "Complete", task, ("delete", False, True))
        cases.complete(tx, clock, task, variables)
        return task
    if standalone(task):
        # No instance to hold: the task's row orders this call after one that completed or
        # deleted it (then TASK_NOT_FOUND) or changed it.
        task = get_task(tx, caller, task_id, lock=True)
        _require_active(task)
        _require_not_delegated(task)
        if form is not None:
            variables = form(task)
        log_operation(tx, clock, caller, "Complete", task, ("delete", False, True))
        _set_own(tx, clock, task, variables)
        if ended_variables is not None:
            ended_variables[task.id] = Runtime(tx, clock).local_variables(task.id)
        end_tasks(tx, clock, [task.id], task_log.COMPLETED)
        return task
    runtime = Runtime(tx, clock)
    # The task as the calls that held its instance before this one left it: one that suspended
    # the instance, or completed the task, or deleted the instance, came first.
    if task.process_instance_id:
        runtime.lock_instance(task.process_instance_id)
        task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    _require_not_delegated(task)
    submitted = variables
    if form is not None:
        variables = form(task)
    log_operation(tx, clock, caller, "Complete", task, ("delete", False, True))
    if form is not None:  # the history keeps what the form submitted, naming the Complete entry
        variable_log.form_submitted(tx, clock, variable_log.of_task(tx, task), submitted)
    runtime.ended_variables = ended_variables
    runtime.complete_user_task(task, variables)
    return task


# -- standalone tasks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewTask:
    """What CreateTask gives: a standalone task's fields (None: not given; ``id`` empty: a new
    one)."""

    id: str = ""
    name: str | None = None
    description: str | None = None
    assignee: str | None = None
    owner: str | None = None
    priority: int | None = None
    due: datetime | None = None
    follow_up: datetime | None = None
    tenant_id: str | None = None
    parent_task_id: str | None = None


# The fields of NewTask the operation log's Create entry names, as it names them.
_CREATED_AS = {name: logged for name, (_, logged) in UPDATABLE.items()} | {"assignee": "assignee"}
# The text fields of NewTask -> the column each is kept in, whose length bounds it.
_NEW_TEXT = {"id": Task.id, "name": Task.name, "assignee": Task.assignee, "owner": Task.owner,
             "tenant_id": Task.tenant_id}

# Removers of a task's records kept elsewhere (its comments and attachments), called with the
# task's id when DeleteTask removes its history; server.engine.task_comments registers its own.
TASK_RECORD_DELETERS: list[Callable[[Session, str], None]] = []


def create(tx: Session, clock: Clock, caller: Caller, new: NewTask) -> Task:
    """A standalone task, of no process and no case, as ``new`` gives it; its history, its
    identity link log (the caller set its assignee and owner) and its Create entry start with
    it."""
    problems = Violations()
    for name, column in _NEW_TEXT.items():
        problem = too_long(getattr(new, name), column)
        if problem is not None:
            problems.add(name, problem, max_length=max_length(column))
    problems.raise_if_any()
    tenant_id = new.tenant_id
    if new.parent_task_id:
        # Its row held (FOR KEY SHARE: its claims and updates go on meanwhile): a call that ends
        # the parent (and its subtasks) comes before this one (TASK_NOT_FOUND) or after, when it
        # finds this subtask (runtime.end_tasks).
        parent = get_task(tx, caller, new.parent_task_id, lock=KEY_SHARE, field_name="parent_task_id")
        if tenant_id is not None and tenant_id != parent.tenant_id:
            raise invalid_field("tenant_id", f"a subtask is of its parent's tenant: task {parent.id} is of "
                                + (f"tenant {parent.tenant_id!r}" if parent.tenant_id else "no tenant"),
                                parent_tenant_id=parent.tenant_id or "")
        tenant_id = parent.tenant_id
    caller.require_tenant(tenant_id, "create a task of this tenant")
    # The task history keeps an ended task's id: a new task of that id would take its history.
    if new.id and (tx.get(Task, new.id) is not None or tx.get(HistoricTaskInstance, new.id) is not None):
        raise AlreadyExists("TASK_EXISTS", f"a task of id {new.id!r} exists, running or ended",
                            metadata={"type": "conflict", "id": new.id})
    task = Task(id=new.id or new_id(), name=new.name, description=new.description, task_definition_key="",
                assignee=new.assignee, owner=new.owner, priority=50 if new.priority is None else new.priority,
                due_date=new.due, follow_up_date=new.follow_up, tenant_id=tenant_id, suspended=False,
                created=clock.now(), parent_task_id=new.parent_task_id)
    tx.add(task)
    tx.flush()
    task_log.created(tx, task, activity_instance_id=None)
    for role in (ASSIGNEE, OWNER):
        identity_link_log.user_changed(tx, task, role, None, getattr(task, role), task.created, caller.user_name)
    log_operation(tx, clock, caller, "Create", task, *((logged, None, getattr(new, name))
                                                       for name, logged in _CREATED_AS.items()
                                                       if getattr(new, name) is not None))
    return task


def delete_task(tx: Session, clock: Clock, caller: Caller, task_id: str, *, cascade: bool, reason: str = "") -> None:
    """Deletes a standalone task with its candidates and variables. Its history ends with
    ``reason`` (``deleted`` when empty); with ``cascade`` it goes instead, and a standalone
    task that already ended loses its history alone (TASK_ENDED without ``cascade``)."""
    check_length("delete_reason", reason, HistoricTaskInstance.delete_reason)
    task = tx.get(Task, task_id, with_for_update=True, populate_existing=True) if task_id else None
    if task is None:
        ended = visible(caller, tx.get(HistoricTaskInstance, task_id) if task_id else None, "task", "TASK_NOT_FOUND",
                        task_id)
        _require_standalone(ended)
        if not cascade:
            reason_ended = ended.delete_reason or task_log.DELETED
            raise precondition("TASK_ENDED", f"task {task_id} has ended ({reason_ended}); DeleteTask with cascade "
                               "removes its history", task_id, delete_reason=reason_ended)
        _delete_history(tx, ended.id)
        return
    task = visible(caller, task, "task", "TASK_NOT_FOUND", task_id)
    _require_standalone(task)
    log_operation(tx, clock, caller, "Delete", task, ("delete", False, True))
    ended = end_tasks(tx, clock, [task.id], reason or task_log.DELETED)
    if cascade:  # its subtasks' history too, as they went with it
        for each in ended:
            _delete_history(tx, each)


def _delete_history(tx: Session, task_id: str) -> None:
    """Removes a standalone task's history: its historic task instance, its identity link log,
    the history of its variables, its comments and attachments. Its operation log entries stay,
    as the document's engine keeps them: who created, changed and deleted it."""
    task_log.delete_of_task(tx, task_id)
    identity_link_log.delete_of_task(tx, task_id)
    variable_log.delete_of_task(tx, task_id)
    for deleter in TASK_RECORD_DELETERS:
        deleter(tx, task_id)
