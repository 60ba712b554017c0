"""Process instances: lookup, query, suspension, deletion and process variables."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import duration
from server.engine import executions, operation_log, variable_log
from server.engine.errors import precondition, variable_not_found, visible
from server.engine.failure_models import Incident
from server.engine.incidents import OPEN
from server.engine.models import (
    Execution,
    ExternalTask,
    HistoricActivityInstance,
    HistoricVariableInstance,
    Job,
    ProcessDefinition,
    ProcessInstance,
    Task,
    Variable,
)
from server.engine.runtime import Runtime, delete_variables, typed_value, write_variable
from server.engine.variables import TypedValue
from server.errors import invalid_field, missing_required_field
from server.identity.service import Caller

RUNNING = ("ACTIVE", "SUSPENDED")


def get_instance(tx: Session, caller: Caller, instance_id: str, field_name: str = "id") -> ProcessInstance:
    row = tx.get(ProcessInstance, instance_id) if instance_id else None
    return visible(caller, row, "process instance", "PROCESS_INSTANCE_NOT_FOUND", instance_id, field_name)


def root_instance_id(tx: Session, process_instance_id: str | None) -> str | None:
    """The topmost process instance of the chain of callers above ``process_instance_id`` (itself
    when no process instance called it; a case that called it ends the chain)."""
    current, seen = process_instance_id, set()
    while current is not None and current not in seen:
        seen.add(current)
        caller_id = tx.scalar(select(ProcessInstance.super_process_instance_id)
                              .where(ProcessInstance.id == current))
        if caller_id is None:
            return current
        current = caller_id
    return current


def running_instance(tx: Session, caller: Caller, instance_id: str, field_name: str = "id") -> ProcessInstance:
    row = get_instance(tx, caller, instance_id, field_name)
    if row.state not in RUNNING:
        raise precondition(
            "INSTANCE_ENDED",
            f"process instance {instance_id} has ended ({row.state.lower()})",
            instance_id,
            state=row.state,
            field_name=field_name,
        )
    return row


@dataclass
class InstanceQuery:
    """The filters of QueryProcessInstances and CountProcessInstances; each given one must hold."""

    definition_id: str = ""
    definition_key: str = ""
    business_key: str = ""
    business_key_like: str = ""
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    active: bool = False
    suspended: bool = False
    include_ended: bool = False
    super_instance_id: str = ""
    instance_ids: list[str] = field(default_factory=list)
    deployment_id: str = ""
    activity_ids: list[str] = field(default_factory=list)
    with_incident: bool = False
    incident_type: str = ""
    incident_id: str = ""
    variables: list[executions.VariableFilter] = field(default_factory=list)
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    started_before: datetime | None = None
    started_after: datetime | None = None
    finished: bool = False
    finished_before: datetime | None = None
    finished_after: datetime | None = None
    states: list[str] = field(default_factory=list)
    executed_activity_ids: list[str] = field(default_factory=list)
    started_by: str = ""
    sorting: list[tuple[str, str]] = field(default_factory=list)
    # Each must hold too, and holds when one of its given filters does (or it gives none); they
    # have no sorting and no or_queries of their own.
    or_queries: tuple[InstanceQuery, ...] = ()

    @property
    def asks_for_ended(self) -> bool:
        """Whether ended instances may match (else only running ones do): the query or one of its
        or-queries asks for them."""
        return (self.include_ended or self.finished or self.finished_before is not None
                or self.finished_after is not None or any(s not in RUNNING for s in self.states)
                or any(alternative.asks_for_ended for alternative in self.or_queries))


SORT_KEYS = {
    "instanceId": ProcessInstance.id,
    "definitionKey": ProcessInstance.process_definition_key,
    "definitionId": ProcessInstance.process_definition_id,
    "tenantId": ProcessInstance.tenant_id,
    "businessKey": ProcessInstance.business_key,
    "startTime": ProcessInstance.start_time,
    "endTime": ProcessInstance.end_time,
}


def _conditions(caller: Caller, q: InstanceQuery) -> list[ColumnElement[bool]]:
    """The query's filters (each must hold), its or_queries (each must hold: one of its filters
    does) and the caller's tenants. Whether ended instances may match at all is the whole
    request's choice (asks_for_ended), the or-queries' included."""
    ended = q.asks_for_ended
    conds = _filters(q, either=False, ended=ended)
    if not (ended or q.active or q.suspended):
        conds.append(ProcessInstance.state.in_(RUNNING))
    conds += executions.either_of(q.or_queries, lambda o: _filters(o, either=True, ended=ended))
    return conds + caller.tenant_conditions(ProcessInstance.tenant_id)


def _filters(q: InstanceQuery, *, either: bool, ended: bool) -> list[ColumnElement[bool]]:
    """One condition per filter ``q`` gives: the query holds when all do, an or-query
    (``either``) when one does; filters that exclude each other in a query are alternatives in
    an or-query (active or finished). ``ended``: whether ended instances may match (their
    variables match by their last values)."""
    if not either:
        executions.exclusive([(q.active, q.suspended, "active", "suspended")])
        if q.finished and (q.active or q.suspended):
            raise invalid_field("finished",
                                f"finished and {'active' if q.active else 'suspended'} exclude each other")
    conds = executions.tenant_choice(ProcessInstance.tenant_id, q.tenant_ids, q.without_tenant, alternatives=either)
    for column, value in (
        (ProcessInstance.process_definition_id, q.definition_id),
        (ProcessInstance.process_definition_key, q.definition_key),
        (ProcessInstance.business_key, q.business_key),
        (ProcessInstance.super_process_instance_id, q.super_instance_id),
        (ProcessInstance.start_user_id, q.started_by),
    ):
        if value:
            conds.append(column == value)
    if q.business_key_like:
        conds.append(executions.like(ProcessInstance.business_key, q.business_key_like, "business_key_like"))
    if q.instance_ids:
        conds.append(ProcessInstance.id.in_(q.instance_ids))
    if q.deployment_id:
        conds.append(ProcessInstance.process_definition_id.in_(
            select(ProcessDefinition.id).where(ProcessDefinition.deployment_id == q.deployment_id)))
    if q.active:
        conds.append(ProcessInstance.state == "ACTIVE")
    if q.suspended:
        conds.append(ProcessInstance.state == "SUSPENDED")
    if q.finished:
        conds.append(ProcessInstance.state.not_in(RUNNING))
    if q.states:
        conds.append(ProcessInstance.state.in_(q.states))
    conds += executions.within(ProcessInstance.end_time, q.finished_after, q.finished_before)
    if q.executed_activity_ids:
        conds.append(exists().where(HistoricActivityInstance.process_instance_id == ProcessInstance.id,
                                    HistoricActivityInstance.activity_id.in_(q.executed_activity_ids)))
    conds += executions.within(ProcessInstance.start_time, q.started_after, q.started_before)
    if q.activity_ids:
        conds.append(exists().where(Execution.process_instance_id == ProcessInstance.id,
                                    executions.at_activities(q.activity_ids)))
    if q.with_incident or q.incident_type or q.incident_id:
        incident = [Incident.process_instance_id == ProcessInstance.id, Incident.state == OPEN]
        if q.incident_type:
            incident.append(Incident.incident_type == q.incident_type)
        if q.incident_id:
            incident.append(Incident.id == q.incident_id)
        conds.append(exists().where(*incident))
    for i, f in enumerate(q.variables):
        spec = (f, f"variables[{i}]", executions.LOCAL_OPERATORS, q.variable_names_ignore_case,
                q.variable_values_ignore_case)
        running = executions.having_variable(f.operator, ProcessInstance.id, Variable.scope_id,
                                             executions.variable_condition(*spec))
        if not ended:
            conds.append(running)
            continue
        # An ended instance's variables are gone: it matches by the last values of its own
        # scope's, as the variable history kept them.
        by_last_values = exists().where(*variable_log.last_values_of_process(ProcessInstance.id),
                               executions.variable_condition(*spec, table=HistoricVariableInstance))
        conds.append(or_(and_(ProcessInstance.state.in_(RUNNING), running),
                         and_(ProcessInstance.state.not_in(RUNNING), by_last_values)))
    return conds


def query_instances(tx: Session, caller: Caller, q: InstanceQuery, offset: int, limit: int) -> list[ProcessInstance]:
    keys = {**SORT_KEYS, "duration": duration(tx, ProcessInstance.start_time, ProcessInstance.end_time)}
    order = executions.ordering(q.sorting, keys, ProcessInstance.id)
    return list(tx.scalars(select(ProcessInstance).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def selected_ids(tx: Session, caller: Caller, q: InstanceQuery, *, running: bool) -> list[str]:
    """The ids of the instances ``q`` finds among the running ones (``running``) or among the
    ended ones (whatever ``q`` asks about ended instances), in id order: a batch's selection."""
    if not running:
        q = replace(q, include_ended=True)
    state = ProcessInstance.state.in_(RUNNING) if running else ProcessInstance.state.not_in(RUNNING)
    return list(tx.scalars(select(ProcessInstance.id).where(*_conditions(caller, q), state)
                           .order_by(ProcessInstance.id)))


def count_instances(tx: Session, caller: Caller, q: InstanceQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(ProcessInstance).where(*_conditions(caller, q))) or 0)


def set_suspended(tx: Session, clock: Clock, caller: Caller, instance_id: str, suspended: bool) -> ProcessInstance:
    instance = running_instance(tx, caller, instance_id)
    Runtime(tx, clock).lock_instance(instance.id)
    operation_log.Operation(tx, clock, caller, "Suspend" if suspended else "Activate").entry(
        operation_log.of_instance(instance), ("suspended", instance.state == "SUSPENDED", suspended))
    suspend_held(tx, instance, suspended)
    return instance


def suspend_held(tx: Session, instance: ProcessInstance, suspended: bool) -> None:
    """Suspends (activates) a running instance whose lock this transaction holds: its
    executions, tasks, external tasks and jobs with it."""
    instance.state = "SUSPENDED" if suspended else "ACTIVE"
    for model in (Execution, Task, ExternalTask, Job):
        tx.execute(
            update(model)
            .where(model.process_instance_id == instance.id)  # type: ignore[attr-defined]
            .values(suspended=suspended)
            .execution_options(synchronize_session="fetch")
        )


def delete_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str, reason: str) -> ProcessInstance:
    instance = running_instance(tx, caller, instance_id)
    Runtime(tx, clock).delete_instance(instance, reason or None)
    operation_log.Operation(tx, clock, caller, "Delete").entry(
        operation_log.of_instance(instance), *((("deleteReason", None, reason),) if reason else ()))
    return instance


def get_variables(tx: Session, caller: Caller, instance_id: str) -> dict[str, TypedValue]:
    instance = running_instance(tx, caller, instance_id)
    return scope_variables(tx, instance.id)


def get_variable(tx: Session, caller: Caller, instance_id: str, name: str) -> TypedValue:
    """GetProcessInstanceVariable: one process variable as GetVariables lists it."""
    if not name:
        raise missing_required_field("name")
    instance = running_instance(tx, caller, instance_id)
    return scope_variable(tx, instance.id, name, "process instance")


def scope_variables(tx: Session, scope_id: str) -> dict[str, TypedValue]:
    rows = tx.scalars(select(Variable).where(Variable.scope_id == scope_id).order_by(Variable.name))
    return {row.name: typed_value(row) for row in rows}


def scope_variable(tx: Session, scope_id: str, name: str, kind: str, *, local: bool = False) -> TypedValue:
    """The variable ``name`` of the scope ``scope_id`` (a process instance, an execution, a case
    instance) as scope_variables lists it; VARIABLE_NOT_FOUND naming the scope as ``kind`` (and
    ``local``) when it has none."""
    row = tx.scalar(select(Variable).where(Variable.scope_id == scope_id, Variable.name == name))
    if row is None:
        raise variable_not_found(kind, scope_id, name, local)
    return typed_value(row)


def returned_variables(tx: Session, instance_id: str,
                       ended: Mapping[str, Mapping[str, TypedValue]] | None) -> dict[str, TypedValue]:
    """The process variables a call that moved an instance returns (with_variables_in_return,
    variables_in_result_enabled): those it ended with in the call (``ended``: the Runtime's
    ended_variables), else those of its root scope now."""
    values = (ended or {}).get(instance_id)
    return dict(values) if values is not None else scope_variables(tx, instance_id)


def modify_scope_variables(
    tx: Session, clock: Clock, scope: Execution, modifications: Mapping[str, TypedValue], deletions: Iterable[str],
    runtime: Runtime | None = None,
) -> None:
    """Sets, then deletes, variables of ``scope`` (its instance held), and evaluates the changes
    against the instance's conditional events (server.engine.conditions) with ``runtime``."""
    owner = variable_log.of_execution(scope)
    for name, value in modifications.items():
        write_variable(tx, clock, owner, name, value)
    tx.flush()
    delete_variables(tx, clock, owner, deletions)
    (runtime or Runtime(tx, clock)).run()


def modify_variables(
    tx: Session, clock: Clock, caller: Caller, instance_id: str, modifications: Mapping[str, TypedValue],
    deletions: Iterable[str], operation_type: str = operation_log.MODIFY_VARIABLE,
) -> None:
    """ProcessInstanceService.ModifyVariables (and its one-variable siblings, ``operation_type``
    SetVariable or RemoveVariable): the entry is written before the changes, so their details
    name it; a deletion of a name that is not there still writes it, as in the document's
    engine. A batch's job (SetVariablesAsync) comes here with the log prevented."""
    instance = running_instance(tx, caller, instance_id)
    runtime = Runtime(tx, clock)
    root = runtime.lock_instance(instance.id)
    operation_log.Operation(tx, clock, caller, operation_type).entry(
        operation_log.of_variables_of_execution(tx, root, execution_named=False))
    modify_scope_variables(tx, clock, root, modifications, deletions, runtime)


def modify_local_variables(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, modifications: Mapping[str, TypedValue],
    deletions: Iterable[str], operation_type: str = operation_log.MODIFY_VARIABLE,
) -> None:
    """ExecutionService.ModifyLocalVariables (and its one-variable siblings): on the execution as
    the calls that held its instance before this one left it (one removed meanwhile has no
    variables to write to); logged as modify_variables logs, naming the execution."""
    runtime = Runtime(tx, clock)
    execution = executions.held_execution(runtime, caller, execution_id)
    operation_log.Operation(tx, clock, caller, operation_type).entry(
        operation_log.of_variables_of_execution(tx, execution, execution_named=True))
    modify_scope_variables(tx, clock, execution, modifications, deletions, runtime)


def set_variable(tx: Session, clock: Clock, caller: Caller, instance_id: str, name: str, value: TypedValue) -> None:
    """SetProcessInstanceVariable: ModifyVariables with one modification, logged SetVariable."""
    modify_variables(tx, clock, caller, instance_id, {name: value}, (), operation_log.SET_VARIABLE)


def delete_variable(tx: Session, clock: Clock, caller: Caller, instance_id: str, name: str) -> None:
    """DeleteProcessInstanceVariable: ModifyVariables with one deletion, logged RemoveVariable."""
    if not name:
        raise missing_required_field("name")
    modify_variables(tx, clock, caller, instance_id, {}, (name,), operation_log.REMOVE_VARIABLE)


def get_local_variable(tx: Session, caller: Caller, execution_id: str, name: str) -> TypedValue:
    """GetExecutionLocalVariable: one variable of the execution's own scope, as GetLocalVariables
    lists it."""
    if not name:
        raise missing_required_field("name")
    execution = executions.get_execution(tx, caller, execution_id)
    return scope_variable(tx, execution.id, name, "execution", local=True)


def set_local_variable(tx: Session, clock: Clock, caller: Caller, execution_id: str, name: str,
                       value: TypedValue) -> None:
    """SetExecutionLocalVariable: ModifyLocalVariables with one modification, logged SetVariable."""
    modify_local_variables(tx, clock, caller, execution_id, {name: value}, (), operation_log.SET_VARIABLE)


def delete_local_variable(tx: Session, clock: Clock, caller: Caller, execution_id: str, name: str) -> None:
    """DeleteExecutionLocalVariable: ModifyLocalVariables with one deletion, logged
    RemoveVariable."""
    if not name:
        raise missing_required_field("name")
    modify_local_variables(tx, clock, caller, execution_id, {}, (name,), operation_log.REMOVE_VARIABLE)
