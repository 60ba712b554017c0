"""The task history (HistoryService.QueryHistoricTaskInstances and its count and get): the user
tasks of processes, human tasks of cases and standalone tasks, as server.engine.task_log records
them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import Session

from server.db import duration
from server.engine import executions, task_log, variable_log
from server.engine.errors import visible
from server.engine.instances import RUNNING
from server.engine.models import HistoricTaskInstance, HistoricVariableInstance, ProcessInstance
from server.identity.service import Caller

_Row = HistoricTaskInstance


@dataclass
class HistoricTaskQuery:
    """The filters of QueryHistoricTaskInstances and its count; each given one must hold.
    ``equal``: column name -> the value it must have (a list: one of them)."""

    equal: dict[str, Any] = field(default_factory=dict)
    like: dict[str, str] = field(default_factory=dict)  # column name -> pattern, by request field
    priority: int | None = None
    assigned: bool = False
    unassigned: bool = False
    finished: bool = False
    unfinished: bool = False
    process_finished: bool = False
    process_unfinished: bool = False
    due: datetime | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    without_due: bool = False
    follow_up: datetime | None = None
    follow_up_before: datetime | None = None
    follow_up_after: datetime | None = None
    started_before: datetime | None = None
    started_after: datetime | None = None
    finished_before: datetime | None = None
    finished_after: datetime | None = None
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    # A key of VARIABLE_SCOPES (the request's field) -> its filters.
    variables: dict[str, list[executions.VariableFilter]] = field(default_factory=dict)
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)
    # Each must hold too, and holds when one of its given filters does (or it gives none); they
    # have no sorting and no or_queries of their own.
    or_queries: tuple[HistoricTaskQuery, ...] = ()


# The request's equality filters -> the column each compares (a repeated one: IN).
EQUALITY_FILTERS: dict[str, Any] = {
    "task_id": _Row.id,
    "process_instance_id": _Row.process_instance_id,
    "process_instance_id_in": _Row.process_instance_id,
    "execution_id": _Row.execution_id,
    "process_definition_id": _Row.process_definition_id,
    "process_definition_key": _Row.process_definition_key,
    "case_instance_id": _Row.case_instance_id,
    "case_execution_id": _Row.case_execution_id,
    "case_definition_id": _Row.case_definition_id,
    "case_definition_key": _Row.case_definition_key,
    "activity_instance_id_in": _Row.activity_instance_id,
    "task_name": _Row.name,
    "task_description": _Row.description,
    "task_definition_key": _Row.task_definition_key,
    "task_definition_key_in": _Row.task_definition_key,
    "task_delete_reason": _Row.delete_reason,
    "task_assignee": _Row.assignee,
    "task_owner": _Row.owner,
    "task_parent_task_id": _Row.parent_task_id,
}
# The request's like filters -> the column each matches.
LIKE_FILTERS: dict[str, Any] = {
    "task_name_like": _Row.name,
    "task_description_like": _Row.description,
    "task_delete_reason_like": _Row.delete_reason,
    "task_assignee_like": _Row.assignee,
    "task_owner_like": _Row.owner,
}

# The request's variable filters -> the historic variable instances each looks at, as they last
# were: the task's own, its process instance's own scope's, its case instance's own scope's.
VARIABLE_SCOPES: dict[str, tuple[ColumnElement[bool], ...]] = {
    "task_variables": variable_log.last_values_of_task(_Row.id),
    "process_variables": variable_log.last_values_of_process(_Row.process_instance_id),
    "case_instance_variables": variable_log.last_values_of_case(_Row.case_instance_id),
}

# Every sort key but duration, whose expression depends on the database (server.db.duration).
SORT_KEYS: dict[str, Any] = {
    "taskId": _Row.id,
    "activityInstanceId": _Row.activity_instance_id,
    "processDefinitionId": _Row.process_definition_id,
    "processInstanceId": _Row.process_instance_id,
    "executionId": _Row.execution_id,
    "duration": None,
    "endTime": _Row.end_time,
    "startTime": _Row.start_time,
    "taskName": _Row.name,
    "taskDescription": _Row.description,
    "assignee": _Row.assignee,
    "dueDate": _Row.due_date,
    "followUpDate": _Row.follow_up_date,
    "deleteReason": _Row.delete_reason,
    "taskDefinitionKey": _Row.task_definition_key,
    "priority": _Row.priority,
    "caseDefinitionId": _Row.case_definition_id,
    "caseInstanceId": _Row.case_instance_id,
    "caseExecutionId": _Row.case_execution_id,
    "tenantId": _Row.tenant_id,
}


def _conditions(caller: Caller, q: HistoricTaskQuery) -> list[ColumnElement[bool]]:
    """The query's filters (each must hold), its or_queries (each must hold: one of its filters
    does) and the caller's tenants."""
    return (_filters(q, either=False) + executions.either_of(q.or_queries, lambda o: _filters(o, either=True))
            + caller.tenant_conditions(_Row.tenant_id))


def _filters(q: HistoricTaskQuery, *, either: bool) -> list[ColumnElement[bool]]:
    """One condition per filter ``q`` gives: the query holds when all do, an or-query
    (``either``) when one does. Filters that exclude each other in a query are alternatives in
    an or-query (finished or unfinished)."""
    if not either:
        executions.exclusive([
            (q.finished, q.unfinished, "finished", "unfinished"),
            (q.assigned, q.unassigned, "assigned", "unassigned"),
            (q.process_finished, q.process_unfinished, "process_finished", "process_unfinished"),
        ])
    conds = executions.tenant_choice(_Row.tenant_id, q.tenant_ids, q.without_tenant, alternatives=either)
    conds += executions.equalities((EQUALITY_FILTERS[name], value) for name, value in q.equal.items())
    for name, pattern in q.like.items():
        if pattern:
            conds.append(executions.like(LIKE_FILTERS[name], pattern, name))
    if q.priority is not None:
        conds.append(_Row.priority == q.priority)
    if q.assigned:
        conds.append(_Row.assignee.is_not(None))
    if q.unassigned:
        conds.append(_Row.assignee.is_(None))
    if q.finished:
        conds.append(_Row.end_time.is_not(None))
    if q.unfinished:
        conds.append(_Row.end_time.is_(None))
    for wanted, states in ((q.process_finished, ProcessInstance.state.not_in(RUNNING)),
                           (q.process_unfinished, ProcessInstance.state.in_(RUNNING))):
        if wanted:
            conds.append(exists().where(ProcessInstance.id == _Row.process_instance_id, states))
    for column, at, after, before in ((_Row.due_date, q.due, q.due_after, q.due_before),
                                      (_Row.follow_up_date, q.follow_up, q.follow_up_after, q.follow_up_before)):
        if at is not None:
            conds.append(column == at)
        conds += executions.within(column, after, before)
    if q.without_due:
        conds.append(_Row.due_date.is_(None))
    conds += executions.within(_Row.start_time, q.started_after, q.started_before)
    conds += executions.within(_Row.end_time, q.finished_after, q.finished_before)
    for name, filters in q.variables.items():
        for _, row in executions.variable_conditions(filters, name, executions.LOCAL_OPERATORS,
                                                     q.variable_names_ignore_case, q.variable_values_ignore_case,
                                                     table=HistoricVariableInstance):
            conds.append(exists().where(*VARIABLE_SCOPES[name], row))
    return conds


def query(tx: Session, caller: Caller, q: HistoricTaskQuery, offset: int, limit: int) -> list[HistoricTaskInstance]:
    """One page of the historic task instances the filters keep, by ``q.sorting`` then id
    (without sorting: by start time, then id)."""
    task_log.write_pending(tx)
    return list(tx.scalars(query_statement(tx, caller, q, offset, limit)))


def query_statement(tx: Session, caller: Caller, q: HistoricTaskQuery, offset: int,
                    limit: int) -> Select[tuple[HistoricTaskInstance]]:
    """The SELECT of one page of QueryHistoricTaskInstances."""
    keys = {**SORT_KEYS, "duration": duration(tx, _Row.start_time, _Row.end_time)}
    last = _Row.id if q.sorting else (_Row.start_time, _Row.id)
    order = executions.ordering(q.sorting, keys, last)
    return select(_Row).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)


def count(tx: Session, caller: Caller, q: HistoricTaskQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_Row).where(*_conditions(caller, q))) or 0)


def get(tx: Session, caller: Caller, task_id: str) -> HistoricTaskInstance:
    """The historic task instance ``task_id``; NOT_FOUND when there is none the caller sees."""
    row = tx.get(_Row, task_id) if task_id else None
    return visible(caller, row, "historic task instance", "TASK_NOT_FOUND", task_id)
