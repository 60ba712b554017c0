"""The variable history (HistoryService.QueryHistoricVariableInstances, QueryHistoricDetails, their
counts and gets, and the two deletions): what server.engine.variable_log recorded — the details
of variable changes and of the values submitted with forms alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import executions, history, operation_log, variable_log
from server.engine.errors import not_found, visible
from server.engine.instances import RUNNING
from server.engine.models import (
    HistoricVariableInstance,
    HistoricVariableUpdate,
    ProcessDefinition,
    ProcessInstance,
)
from server.engine.runtime import Runtime, typed_value
from server.engine.variables import TYPE_NAMES, BinaryData, binary_data
from server.errors import invalid_field
from server.identity.service import Caller

_I = HistoricVariableInstance
_D = HistoricVariableUpdate


def _types(names: list[str], field_name: str) -> list[str]:
    """The stored type names of a variable_type_in (any case); INVALID_FIELD for an unknown one."""
    out = []
    for name in names:
        if name.lower() not in TYPE_NAMES:
            raise invalid_field(field_name, f"unknown variable type {name!r}; use one of "
                                f"{', '.join(TYPE_NAMES.values())}")
        out.append(name.lower())
    return out


# -- historic variable instances ----------------------------------------------------------------


@dataclass
class VariableInstanceQuery:
    """The filters of QueryHistoricVariableInstances and its count; each given one must hold."""

    variable_name: str = ""
    variable_name_like: str = ""
    variable_value: Any = executions.MISSING
    names_ignore_case: bool = False
    values_ignore_case: bool = False
    variable_names: list[str] = field(default_factory=list)
    variable_types: list[str] = field(default_factory=list)
    include_deleted: bool = False
    process_instance_id: str = ""
    process_instance_ids: list[str] = field(default_factory=list)
    process_definition_id: str = ""
    process_definition_key: str = ""
    execution_ids: list[str] = field(default_factory=list)
    case_instance_id: str = ""
    case_execution_ids: list[str] = field(default_factory=list)
    case_activity_ids: list[str] = field(default_factory=list)
    task_ids: list[str] = field(default_factory=list)
    activity_instance_ids: list[str] = field(default_factory=list)
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


INSTANCE_SORT_KEYS: dict[str, Any] = {
    "instanceId": _I.process_instance_id,
    "variableName": _I.name,
    "tenantId": _I.tenant_id,
}


def _instance_conditions(caller: Caller, q: VariableInstanceQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(_I.tenant_id, q.tenant_ids, q.without_tenant)
    if q.variable_value is not executions.MISSING:
        if not q.variable_name:
            raise invalid_field("variable_name", "variable_value needs the variable's name")
        if isinstance(q.variable_value, (list, dict)):
            raise invalid_field("variable_value", "a filter value must be text, a number, a boolean or null",
                                "INVALID_VARIABLE_VALUE")
        condition = executions.VariableFilter(q.variable_name, "eq", q.variable_value)
        conds.append(executions.variable_condition(condition, "variable", ("eq",), q.names_ignore_case,
                                                   q.values_ignore_case, table=_I))
    elif q.variable_name:
        conds.append(executions.Lowered(_I.name) == executions.Lowered(q.variable_name) if q.names_ignore_case
                     else _I.name == q.variable_name)
    if q.variable_name_like:
        column, pattern = ((executions.Lowered(_I.name), q.variable_name_like.lower()) if q.names_ignore_case
                           else (_I.name, q.variable_name_like))
        conds.append(executions.like(column, pattern, "variable_name_like"))
    conds += executions.equalities((
        (_I.name, q.variable_names),
        (_I.type, _types(q.variable_types, "variable_type_in")),
        (_I.process_instance_id, q.process_instance_id),
        (_I.process_instance_id, q.process_instance_ids),
        (_I.process_definition_id, q.process_definition_id),
        (_I.process_definition_key, q.process_definition_key),
        (_I.execution_id, q.execution_ids),
        (_I.case_instance_id, q.case_instance_id),
        (_I.case_execution_id, q.case_execution_ids),
        (_I.case_activity_id, q.case_activity_ids),
        (_I.task_id, q.task_ids),
        (_I.activity_instance_id, q.activity_instance_ids),
    ))
    if not q.include_deleted:
        conds.append(_I.state == variable_log.CREATED)
    conds += caller.tenant_conditions(_I.tenant_id)
    return conds


def query_instances(tx: Session, caller: Caller, q: VariableInstanceQuery, offset: int,
                    limit: int) -> list[HistoricVariableInstance]:
    """One page of the historic variable instances the filters keep, by ``q.sorting`` then id."""
    variable_log.write_pending(tx)
    order = executions.ordering(q.sorting, INSTANCE_SORT_KEYS, _I.id)
    return list(tx.scalars(select(_I).where(*_instance_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_instances(tx: Session, caller: Caller, q: VariableInstanceQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_I).where(*_instance_conditions(caller, q))) or 0)


def get_instance(tx: Session, caller: Caller, variable_instance_id: str) -> HistoricVariableInstance:
    """The historic variable instance ``variable_instance_id``; NOT_FOUND when there is none the
    caller sees."""
    row = tx.get(_I, variable_instance_id) if variable_instance_id else None
    return visible(caller, row, "historic variable instance", "VARIABLE_INSTANCE_NOT_FOUND", variable_instance_id)


def instance_data(tx: Session, caller: Caller, variable_instance_id: str) -> BinaryData:
    """GetHistoricVariableInstanceData: the content of a Bytes or File historic variable
    instance (its latest value); VARIABLE_NOT_BINARY for another type."""
    row = get_instance(tx, caller, variable_instance_id)
    return binary_data(typed_value(row), "historic variable instance", row.id, row.name)


def delete_instance(tx: Session, clock: Clock, caller: Caller, variable_instance_id: str) -> None:
    """DeleteHistoricVariableInstance: the historic instance and its details; logged."""
    caller.require_admin("delete the history of a variable")
    row = get_instance(tx, caller, variable_instance_id)
    # Through the instance's index: details have none of their own by variable.
    of_instance = ([_D.process_instance_id == row.process_instance_id] if row.process_instance_id
                   else [_D.case_instance_id == row.case_instance_id] if row.case_instance_id else [])
    tx.execute(delete(_D).where(*of_instance, _D.variable_instance_id == row.id))
    tx.delete(row)
    operation_log.Operation(tx, clock, caller, "DeleteHistory").entry(operation_log.of_historic_variable(row),
                                                                     ("name", None, row.name))


def delete_of_process_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str) -> int:
    """DeleteHistoricVariableInstancesOfProcessInstance: the variable history of one process
    instance, running (held as its calls hold it) or ended (held as the cleanup holds it);
    logged; how many historic variable instances went."""
    caller.require_admin("delete the variable history of a process instance")
    instance = tx.get(ProcessInstance, instance_id) if instance_id else None
    if instance is None or not caller.sees_tenant(instance.tenant_id):
        raise not_found("process instance", "PROCESS_INSTANCE_NOT_FOUND", instance_id)
    if instance.state in RUNNING:
        Runtime(tx, clock).lock_instance(instance.id)
    else:
        instance = history.held(tx, ProcessInstance, ProcessDefinition, ProcessInstance.process_definition_id,
                                instance.id, "process instance", "PROCESS_INSTANCE_NOT_FOUND")
    variable_log.write_pending(tx)
    count = int(tx.scalar(select(func.count()).select_from(_I).where(_I.process_instance_id == instance.id)) or 0)
    variable_log.delete_of_instances(tx, [instance.id])
    operation_log.Operation(tx, clock, caller, "DeleteHistory").entry(
        operation_log.of_instance(instance), ("nrOfVariableInstances", None, count))
    return count


# -- details ------------------------------------------------------------------------------------


@dataclass
class DetailQuery:
    """The filters of QueryHistoricDetails and its count; each given one must hold."""

    process_instance_id: str = ""
    process_instance_ids: list[str] = field(default_factory=list)
    execution_id: str = ""
    task_id: str = ""
    activity_instance_id: str = ""
    case_instance_id: str = ""
    case_execution_id: str = ""
    variable_instance_id: str = ""
    variable_types: list[str] = field(default_factory=list)
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    user_operation_id: str = ""
    exclude_task_details: bool = False
    initial: bool = False
    occurred_before: datetime | None = None
    occurred_after: datetime | None = None
    # Only one kind of detail (one of the two given); neither or both: every kind.
    form_fields: bool = False
    variable_updates: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


DETAIL_SORT_KEYS: dict[str, Any] = {
    "processInstanceId": _D.process_instance_id,
    "variableName": _D.name,
    "formPropertyId": _D.name,  # a form field's id is its row's name, as the document's engine sorts it
    "variableType": _D.type,
    "variableRevision": _D.revision,
    "time": _D.time,
    "occurrence": _D.seq,
    "tenantId": _D.tenant_id,
}


def _detail_conditions(caller: Caller, q: DetailQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(_D.tenant_id, q.tenant_ids, q.without_tenant)
    conds += executions.equalities((
        (_D.process_instance_id, q.process_instance_id),
        (_D.process_instance_id, q.process_instance_ids),
        (_D.execution_id, q.execution_id),
        (_D.task_id, q.task_id),
        (_D.activity_instance_id, q.activity_instance_id),
        (_D.case_instance_id, q.case_instance_id),
        (_D.case_execution_id, q.case_execution_id),
        (_D.variable_instance_id, q.variable_instance_id),
        (_D.type, _types(q.variable_types, "variable_type_in")),
        (_D.user_operation_id, q.user_operation_id),
    ))
    if q.exclude_task_details and not q.task_id:  # with a task id it is ignored, as in the document's engine
        conds.append(_D.task_id.is_(None))
    if q.initial:
        conds.append(_D.initial.is_(True))
    if q.form_fields != q.variable_updates:
        conds.append(_D.detail_type == (variable_log.FORM_FIELD if q.form_fields else variable_log.VARIABLE_UPDATE))
    if q.variable_types:  # a form field's value is text, but of no variable type
        conds.append(_D.detail_type == variable_log.VARIABLE_UPDATE)
    conds += executions.within(_D.time, q.occurred_after, q.occurred_before)
    conds += caller.tenant_conditions(_D.tenant_id)
    return conds


def query_details(tx: Session, caller: Caller, q: DetailQuery, offset: int, limit: int) -> list[HistoricVariableUpdate]:
    """One page of the details the filters keep, by ``q.sorting`` then as they occurred."""
    variable_log.write_pending(tx)
    order = executions.ordering(q.sorting, DETAIL_SORT_KEYS, _D.seq)
    return list(tx.scalars(select(_D).where(*_detail_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_details(tx: Session, caller: Caller, q: DetailQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_D).where(*_detail_conditions(caller, q))) or 0)


def get_detail(tx: Session, caller: Caller, detail_id: str) -> HistoricVariableUpdate:
    """The detail ``detail_id`` (its seq, as text); NOT_FOUND when there is none the caller sees."""
    seq = history.seq_of(detail_id)
    row = tx.get(_D, seq) if seq is not None else None
    return visible(caller, row, "historic detail", "HISTORIC_DETAIL_NOT_FOUND", detail_id)


def detail_data(tx: Session, caller: Caller, detail_id: str) -> BinaryData:
    """GetHistoricDetailVariableData: the content a variableUpdate detail recorded of a Bytes or
    File variable; VARIABLE_NOT_BINARY for another type (a formField detail's too)."""
    row = get_detail(tx, caller, detail_id)
    return binary_data(typed_value(row), "historic detail", detail_id, row.name)
