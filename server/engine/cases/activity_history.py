"""The case activity history (HistoryService.QueryHistoricCaseActivityInstances and its count
and get): the plan items of case instances, as server.engine.cases.activity_log records them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.db import duration
from server.engine import executions
from server.engine.cases.models import HistoricCaseActivityInstance
from server.engine.cases.runtime import COMPLETED, TERMINATED
from server.engine.errors import visible
from server.identity.service import Caller

_Row = HistoricCaseActivityInstance
_ENDED = (COMPLETED, TERMINATED)


@dataclass
class CaseActivityQuery:
    """The filters of QueryHistoricCaseActivityInstances and its count; each given one must
    hold. ``equal``: request field -> the value its column must have (a list: one of them);
    ``states``: the states the request's flags name (any of them)."""

    equal: dict[str, Any] = field(default_factory=dict)
    states: list[str] = field(default_factory=list)
    required: bool = False
    finished: bool = False
    unfinished: bool = False
    created_before: datetime | None = None
    created_after: datetime | None = None
    ended_before: datetime | None = None
    ended_after: datetime | None = None
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


# The request's equality filters -> the column each compares (a repeated one: IN).
EQUALITY_FILTERS: dict[str, Any] = {
    "case_activity_instance_id": _Row.id,
    "case_activity_instance_id_in": _Row.id,
    "case_instance_id": _Row.case_instance_id,
    "case_definition_id": _Row.case_definition_id,
    "case_execution_id": _Row.id,
    "case_activity_id": _Row.activity_id,
    "case_activity_id_in": _Row.activity_id,
    "case_activity_name": _Row.activity_name,
    "case_activity_type": _Row.activity_type,
}

# The request's state flags -> the state each selects.
STATE_FLAGS: dict[str, str] = {
    "available": "AVAILABLE", "enabled": "ENABLED", "disabled": "DISABLED", "active": "ACTIVE",
    "completed": COMPLETED, "terminated": TERMINATED,
}

# Every sort key but duration, whose expression depends on the database (server.db.duration).
SORT_KEYS: dict[str, Any] = {
    "caseActivityInstanceId": _Row.id,
    "caseInstanceId": _Row.case_instance_id,
    "caseExecutionId": _Row.id,
    "caseActivityId": _Row.activity_id,
    "caseActivityName": _Row.activity_name,
    "caseActivityType": _Row.activity_type,
    "createTime": _Row.create_time,
    "endTime": _Row.end_time,
    "duration": None,
    "caseDefinitionId": _Row.case_definition_id,
    "tenantId": _Row.tenant_id,
}


def _conditions(caller: Caller, q: CaseActivityQuery) -> list[ColumnElement[bool]]:
    executions.exclusive([(q.finished, q.unfinished, "finished", "unfinished")])
    conds = executions.tenant_choice(_Row.tenant_id, q.tenant_ids, q.without_tenant)
    conds += executions.equalities((EQUALITY_FILTERS[name], value) for name, value in q.equal.items())
    if q.states:
        conds.append(_Row.state.in_(q.states))
    if q.required:
        conds.append(_Row.required.is_(True))
    if q.finished:
        conds.append(_Row.state.in_(_ENDED))
    if q.unfinished:
        conds.append(_Row.state.not_in(_ENDED))
    conds += executions.within(_Row.create_time, q.created_after, q.created_before)
    conds += executions.within(_Row.end_time, q.ended_after, q.ended_before)
    conds += caller.tenant_conditions(_Row.tenant_id)
    return conds


def query(tx: Session, caller: Caller, q: CaseActivityQuery, offset: int,
          limit: int) -> list[HistoricCaseActivityInstance]:
    """One page of the historic case activity instances the filters keep, by ``q.sorting`` then
    id (without sorting: by creation time, then document order, then id)."""
    keys = {**SORT_KEYS, "duration": duration(tx, _Row.create_time, _Row.end_time)}
    last = _Row.id if q.sorting else (_Row.create_time, _Row.position, _Row.id)
    order = executions.ordering(q.sorting, keys, last)
    return list(tx.scalars(select(_Row).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: CaseActivityQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_Row).where(*_conditions(caller, q))) or 0)


def get(tx: Session, caller: Caller, instance_id: str) -> HistoricCaseActivityInstance:
    """The historic case activity instance ``instance_id``; NOT_FOUND when there is none the
    caller sees."""
    row = tx.get(_Row, instance_id) if instance_id else None
    return visible(caller, row, "historic case activity instance", "CASE_ACTIVITY_INSTANCE_NOT_FOUND", instance_id)
