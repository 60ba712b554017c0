"""The activity instance history (HistoryService.QueryHistoricActivityInstances and its count and
get): the passes of process instances through their activities, as server.engine.activity_log
records them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.db import duration
from server.engine import executions
from server.engine.errors import visible
from server.engine.models import HistoricActivityInstance
from server.identity.service import Caller

_Row = HistoricActivityInstance


@dataclass
class HistoricActivityQuery:
    """The filters of QueryHistoricActivityInstances and CountHistoricActivityInstances; each
    given one must hold."""

    activity_instance_id: str = ""
    process_instance_id: str = ""
    process_definition_id: str = ""
    execution_id: str = ""
    activity_id: str = ""
    activity_name: str = ""
    activity_name_like: str = ""
    activity_type: str = ""
    finished: bool = False
    unfinished: bool = False
    canceled: bool = False
    complete_scope: bool = False
    started_before: datetime | None = None
    started_after: datetime | None = None
    finished_before: datetime | None = None
    finished_after: datetime | None = None
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    task_assignee: str = ""
    sorting: list[tuple[str, str]] = field(default_factory=list)


# Every sort key but duration, whose expression depends on the database (server.db.duration).
SORT_KEYS: dict[str, Any] = {
    "activityInstanceId": _Row.id,
    "instanceId": _Row.process_instance_id,
    "executionId": _Row.execution_id,
    "activityId": _Row.activity_id,
    "activityName": _Row.activity_name,
    "activityType": _Row.activity_type,
    "startTime": _Row.start_time,
    "endTime": _Row.end_time,
    "duration": None,
    "definitionId": _Row.process_definition_id,
    "occurrence": _Row.seq,
    "tenantId": _Row.tenant_id,
}


def _conditions(caller: Caller, q: HistoricActivityQuery) -> list[ColumnElement[bool]]:
    executions.exclusive([(q.finished, q.unfinished, "finished", "unfinished")])
    conds = executions.tenant_choice(_Row.tenant_id, q.tenant_ids, q.without_tenant)
    for column, value in (
        (_Row.id, q.activity_instance_id),
        (_Row.process_instance_id, q.process_instance_id),
        (_Row.process_definition_id, q.process_definition_id),
        (_Row.execution_id, q.execution_id),
        (_Row.activity_id, q.activity_id),
        (_Row.activity_name, q.activity_name),
        (_Row.activity_type, q.activity_type),
        (_Row.assignee, q.task_assignee),
    ):
        if value:
            conds.append(column == value)
    if q.activity_name_like:
        conds.append(executions.like(_Row.activity_name, q.activity_name_like, "activity_name_like"))
    if q.finished:
        conds.append(_Row.end_time.is_not(None))
    if q.unfinished:
        conds.append(_Row.end_time.is_(None))
    if q.canceled:
        conds.append(_Row.canceled.is_(True))
    if q.complete_scope:
        conds.append(_Row.complete_scope.is_(True))
    conds += executions.within(_Row.start_time, q.started_after, q.started_before)
    conds += executions.within(_Row.end_time, q.finished_after, q.finished_before)
    conds += caller.tenant_conditions(_Row.tenant_id)
    return conds


def query(tx: Session, caller: Caller, q: HistoricActivityQuery, offset: int,
          limit: int) -> list[HistoricActivityInstance]:
    """One page of the passes the filters keep, by ``q.sorting`` and then as they occurred."""
    keys = {**SORT_KEYS, "duration": duration(tx, _Row.start_time, _Row.end_time)}
    order = executions.ordering(q.sorting, keys, _Row.seq)
    return list(tx.scalars(select(_Row).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: HistoricActivityQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_Row).where(*_conditions(caller, q))) or 0)


def get(tx: Session, caller: Caller, activity_instance_id: str) -> HistoricActivityInstance:
    """The pass named ``activity_instance_id``; NOT_FOUND when there is none the caller sees."""
    row = tx.scalar(select(_Row).where(_Row.id == activity_instance_id)) if activity_instance_id else None
    return visible(caller, row, "activity instance", "ACTIVITY_INSTANCE_NOT_FOUND", activity_instance_id)
