"""The external task log (HistoryService.QueryHistoricExternalTaskLogs and its count and get), as
server.engine.external_task_log writes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from server.engine import executions, external_task_log, history
from server.engine.errors import not_found
from server.engine.models import HistoricExternalTaskLog
from server.identity.service import Caller

_Row = HistoricExternalTaskLog

# The request's equality filters -> the column each compares (a repeated one: IN).
EQUALITY_FILTERS: dict[str, Any] = {
    "external_task_id": _Row.external_task_id,
    "topic_name": _Row.topic_name,
    "worker_id": _Row.worker_id,
    "error_message": _Row.error_message,
    "activity_id_in": _Row.activity_id,
    "activity_instance_id_in": _Row.activity_instance_id,
    "execution_id_in": _Row.execution_id,
    "process_instance_id": _Row.process_instance_id,
    "process_definition_id": _Row.process_definition_id,
    "process_definition_key": _Row.process_definition_key,
}
# The request's flags -> the state each asks for.
KIND_FLAGS = {"creation_log": external_task_log.CREATED, "failure_log": external_task_log.FAILED,
              "success_log": external_task_log.SUCCEEDED, "deletion_log": external_task_log.DELETED}


@dataclass
class ExternalTaskLogQuery:
    """The filters of QueryHistoricExternalTaskLogs and its count; each given one must hold."""

    log_id: str = ""
    equal: dict[str, Any] = field(default_factory=dict)
    states: list[str] = field(default_factory=list)  # any of them
    priority_at_most: int | None = None
    priority_at_least: int | None = None
    after: datetime | None = None
    before: datetime | None = None
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


SORT_KEYS: dict[str, Any] = {
    "timestamp": _Row.timestamp,
    "externalTaskId": _Row.external_task_id,
    "topicName": _Row.topic_name,
    "workerId": _Row.worker_id,
    "retries": _Row.retries,
    "priority": _Row.priority,
    "activityId": _Row.activity_id,
    "activityInstanceId": _Row.activity_instance_id,
    "executionId": _Row.execution_id,
    "processInstanceId": _Row.process_instance_id,
    "processDefinitionId": _Row.process_definition_id,
    "processDefinitionKey": _Row.process_definition_key,
    "tenantId": _Row.tenant_id,
    "occurrence": _Row.seq,
}


def _conditions(caller: Caller, q: ExternalTaskLogQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(_Row.tenant_id, q.tenant_ids, q.without_tenant)
    if q.log_id:
        seq = history.seq_of(q.log_id)
        conds.append(_Row.seq == seq if seq is not None else false())
    conds += executions.equalities((EQUALITY_FILTERS[name], value) for name, value in q.equal.items())
    if q.states:
        conds.append(_Row.state.in_(q.states))
    if q.priority_at_most is not None:
        conds.append(_Row.priority <= q.priority_at_most)
    if q.priority_at_least is not None:
        conds.append(_Row.priority >= q.priority_at_least)
    conds += executions.within(_Row.timestamp, q.after, q.before)
    conds += caller.tenant_conditions(_Row.tenant_id)
    return conds


def query(tx: Session, caller: Caller, q: ExternalTaskLogQuery, offset: int,
          limit: int) -> list[HistoricExternalTaskLog]:
    """One page of the entries the filters keep, by ``q.sorting`` then as they occurred."""
    external_task_log.write_pending(tx)
    order = executions.ordering(q.sorting, SORT_KEYS, _Row.seq)
    return list(tx.scalars(select(_Row).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: ExternalTaskLogQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_Row).where(*_conditions(caller, q))) or 0)


def get(tx: Session, caller: Caller, log_id: str) -> HistoricExternalTaskLog:
    """The entry ``log_id``; NOT_FOUND when there is none the caller sees."""
    seq = history.seq_of(log_id)
    row = tx.get(_Row, seq) if seq is not None else None
    if row is None or not caller.sees_tenant(row.tenant_id):
        raise not_found("external task log entry", "EXTERNAL_TASK_LOG_NOT_FOUND", log_id)
    return row
