"""The case instance history (HistoryService.QueryHistoricCaseInstances and its count and get):
the records of case instances, running, ended or closed, as the case_instances rows keep them
(a closed case keeps its record; its executions and variables are gone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from server.db import duration
from server.engine import executions
from server.engine.cases.models import CaseDefinition, CaseInstance, HistoricCaseActivityInstance
from server.engine.cases.runtime import CASE_ACTIVE, CASE_CLOSED, CASE_COMPLETED, CASE_TERMINATED
from server.engine.cases.service import instance_variables, related_instances
from server.engine.errors import visible
from server.engine.executions import VariableFilter
from server.identity.service import Caller

_Row = CaseInstance


@dataclass
class HistoricCaseInstanceQuery:
    """The filters of QueryHistoricCaseInstances and its count; each given one must hold.
    ``equal``: request field -> the value its column must have (a list: one of them);
    ``states``: the states the request's flags name (any of them)."""

    equal: dict[str, Any] = field(default_factory=dict)
    business_key_like: str = ""
    case_definition_key_not_in: list[str] = field(default_factory=list)
    case_definition_name: str = ""
    case_definition_name_like: str = ""
    created_before: datetime | None = None
    created_after: datetime | None = None
    closed_before: datetime | None = None
    closed_after: datetime | None = None
    super_process_instance_id: str = ""
    sub_process_instance_id: str = ""
    sub_case_instance_id: str = ""
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    states: list[str] = field(default_factory=list)
    not_closed: bool = False
    case_activity_ids: list[str] = field(default_factory=list)
    variables: list[VariableFilter] = field(default_factory=list)
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


# The request's equality filters -> the column each compares (a repeated one: IN).
EQUALITY_FILTERS: dict[str, Any] = {
    "case_instance_id": _Row.id,
    "case_instance_id_in": _Row.id,
    "business_key": _Row.business_key,
    "case_definition_id": _Row.case_definition_id,
    "case_definition_key": _Row.case_definition_key,
    "created_by": _Row.create_user_id,
    "super_case_instance_id": _Row.super_case_instance_id,
}

# The request's state flags -> the state each selects.
STATE_FLAGS: dict[str, str] = {
    "active": CASE_ACTIVE, "completed": CASE_COMPLETED, "terminated": CASE_TERMINATED, "closed": CASE_CLOSED,
}

# Every sort key but duration, whose expression depends on the database (server.db.duration).
SORT_KEYS: dict[str, Any] = {
    "instanceId": _Row.id,
    "definitionId": _Row.case_definition_id,
    "businessKey": _Row.business_key,
    "createTime": _Row.create_time,
    "closeTime": _Row.close_time,
    "duration": None,
    "tenantId": _Row.tenant_id,
}


def _conditions(caller: Caller, q: HistoricCaseInstanceQuery) -> list[ColumnElement[bool]]:
    executions.exclusive([(CASE_CLOSED in q.states, q.not_closed, "closed", "not_closed")])
    conds = executions.tenant_choice(_Row.tenant_id, q.tenant_ids, q.without_tenant)
    conds += executions.equalities((EQUALITY_FILTERS[name], value) for name, value in q.equal.items())
    if q.business_key_like:
        conds.append(executions.like(_Row.business_key, q.business_key_like, "business_key_like"))
    if q.case_definition_key_not_in:
        conds.append(_Row.case_definition_key.not_in(q.case_definition_key_not_in))
    named = executions.equalities([(CaseDefinition.name, q.case_definition_name)])
    if q.case_definition_name_like:
        named.append(executions.like(CaseDefinition.name, q.case_definition_name_like, "case_definition_name_like"))
    if named:
        conds.append(_Row.case_definition_id.in_(select(CaseDefinition.id).where(*named)))
    conds += executions.within(_Row.create_time, q.created_after, q.created_before)
    conds += executions.within(_Row.close_time, q.closed_after, q.closed_before)
    if q.states:
        conds.append(_Row.state.in_(q.states))
    if q.not_closed:
        conds.append(_Row.state != CASE_CLOSED)
    conds += related_instances(super_process_instance_id=q.super_process_instance_id,
                               sub_process_instance_id=q.sub_process_instance_id,
                               sub_case_instance_id=q.sub_case_instance_id)
    if q.case_activity_ids:
        H = HistoricCaseActivityInstance
        conds.append(exists().where(H.case_instance_id == _Row.id, H.activity_id.in_(q.case_activity_ids)))
    conds += instance_variables(q.variables, q.variable_names_ignore_case, q.variable_values_ignore_case)
    return conds + caller.tenant_conditions(_Row.tenant_id)


def _with_names() -> Any:
    return select(_Row, CaseDefinition.name).join(CaseDefinition, CaseDefinition.id == _Row.case_definition_id)


def query(tx: Session, caller: Caller, q: HistoricCaseInstanceQuery, offset: int,
          limit: int) -> list[tuple[CaseInstance, str | None]]:
    """One page of the case instances the filters keep, each with its definition's name, by
    ``q.sorting`` then id (without sorting: by creation time, then id)."""
    keys = {**SORT_KEYS, "duration": duration(tx, _Row.create_time, _Row.close_time)}
    last = _Row.id if q.sorting else (_Row.create_time, _Row.id)
    order = executions.ordering(q.sorting, keys, last)
    rows = tx.execute(_with_names().where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit))
    return [(row, name) for row, name in rows]


def count(tx: Session, caller: Caller, q: HistoricCaseInstanceQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_Row).where(*_conditions(caller, q))) or 0)


def get(tx: Session, caller: Caller, instance_id: str) -> tuple[CaseInstance, str | None]:
    """The case instance ``instance_id`` with its definition's name; NOT_FOUND when there is none
    the caller sees."""
    row = tx.get(_Row, instance_id) if instance_id else None
    row = visible(caller, row, "historic case instance", "CASE_INSTANCE_NOT_FOUND", instance_id)
    return row, tx.scalar(select(CaseDefinition.name).where(CaseDefinition.id == row.case_definition_id))
