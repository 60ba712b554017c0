"""Case definitions, case instances and case executions: lookups, queries and the verbs of the
API, each inside the caller's transaction. Tenants are respected as for processes: rows of a
tenant the token is not granted do not exist for it (NOT_FOUND)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import executions, operation_log, tasks, variable_log
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance
from server.engine.cases.runtime import (
    ACTIVE,
    AVAILABLE,
    CASE_ACTIVE,
    CASE_CLOSED,
    CASE_COMPLETED,
    CASE_TERMINATED,
    COMPLETED,
    DISABLED,
    ENABLED,
    NOT_ENDED,
    TERMINATED,
    CaseRuntime,
)
from server.engine.definitions import DefinitionRef, checked_history_time_to_live, latest_of
from server.engine.deployments import definition_text
from server.engine.errors import not_found, precondition, visible
from server.engine.executions import VariableFilter, offset_page, variable_conditions
from server.engine.models import Task, Variable
from server.engine.runtime import delete_variables, typed_value, write_variable
from server.engine.variables import TypedValue
from server.errors import NotFound, invalid_field
from server.identity.service import Caller

CASE_STATES = (CASE_ACTIVE, CASE_COMPLETED, CASE_TERMINATED, CASE_CLOSED)
EXECUTION_STATES = (AVAILABLE, ENABLED, DISABLED, ACTIVE, COMPLETED, TERMINATED)
_INSTANCE_OPERATORS = ("eq", "neq", "gt", "gteq", "lt", "lteq", "like")

# -- definitions ---------------------------------------------------------------------------


def get_definition(tx: Session, caller: Caller, definition_id: str) -> CaseDefinition:
    row = tx.get(CaseDefinition, definition_id) if definition_id else None
    return visible(caller, row, "case definition", "CASE_DEFINITION_NOT_FOUND", definition_id)


def resolve(
    tx: Session, caller: Caller, ref: DefinitionRef, *,
    action: str = "create instances of this tenant's case definitions",
) -> CaseDefinition:
    """By id; by key (the latest version of no tenant); by key and tenant (that tenant's latest).
    ``action``: what the caller wants of a tenant's definition, for TENANT_NOT_GRANTED."""
    if ref.id:
        return get_definition(tx, caller, ref.id)
    row: CaseDefinition = latest_of(tx, caller, ref, CaseDefinition, kind="case definition",
                                    reason="CASE_DEFINITION_NOT_FOUND", action=action)
    return row


def definition_xml(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[CaseDefinition, str]:
    """GetCaseDefinitionXml: the definition and the text of its CMMN file."""
    definition = resolve(tx, caller, ref, action="read this tenant's case definitions")
    return definition, definition_text(tx, definition)


def list_definitions(
    tx: Session, caller: Caller, *, key: str, latest_only: bool, tenant_ids: list[str], without_tenant: bool,
    deployment_id: str, offset: int, limit: int,
) -> list[CaseDefinition]:
    query = select(CaseDefinition)
    if key:
        query = query.where(CaseDefinition.key == key)
    if deployment_id:
        query = query.where(CaseDefinition.deployment_id == deployment_id)
    if tenant_ids:
        query = query.where(CaseDefinition.tenant_id.in_(tenant_ids))
    if without_tenant:
        query = query.where(CaseDefinition.tenant_id.is_(None))
    query = query.where(*caller.tenant_conditions(CaseDefinition.tenant_id))
    if latest_only:
        query = query.where(executions.latest_versions(CaseDefinition))
    query = query.order_by(CaseDefinition.key, CaseDefinition.version.desc(), CaseDefinition.id)
    return list(tx.scalars(query.offset(offset).limit(limit)))


def update_history_time_to_live(tx: Session, clock: Clock, caller: Caller, definition_id: str,
                                days: int | None) -> CaseDefinition:
    """Sets (None: clears) the days the history of the definition's closed case instances is
    kept; this version only. Seeing the definition's tenant is enough."""
    row, days = get_definition(tx, caller, definition_id), checked_history_time_to_live(days)
    operation_log.Operation(tx, clock, caller, "UpdateHistoryTimeToLive").entry(
        operation_log.of_case_definition(row), ("historyTimeToLive", row.history_time_to_live, days),
        ("caseDefinitionKey", None, row.key))
    row.history_time_to_live = days
    return row


def create_case_instance(
    tx: Session, clock: Clock, caller: Caller, ref: DefinitionRef, variables: Mapping[str, TypedValue],
    business_key: str,
) -> CaseInstance:
    definition = resolve(tx, caller, ref)
    return CaseRuntime(tx, clock).create_case_instance(definition, variables, business_key=business_key or None)


# -- instances -----------------------------------------------------------------------------


def get_instance(tx: Session, caller: Caller, instance_id: str) -> CaseInstance:
    row = tx.get(CaseInstance, instance_id) if instance_id else None
    return visible(caller, row, "case instance", "CASE_INSTANCE_NOT_FOUND", instance_id)


def _open_instance(tx: Session, caller: Caller, instance_id: str) -> CaseInstance:
    """A case instance that is not closed (a closed one keeps no variables or executions)."""
    row = get_instance(tx, caller, instance_id)
    if row.state == CASE_CLOSED:
        raise precondition(
            "CASE_INSTANCE_CLOSED", f"case instance {instance_id} is closed; its variables are gone", instance_id,
            type="forbidden", current_state=row.state,
        )
    return row


@dataclass(frozen=True)
class InstanceQuery:
    case_instance_id: str = ""
    case_definition_id: str = ""
    case_definition_key: str = ""
    business_key: str = ""
    deployment_id: str = ""
    super_case_instance_id: str = ""
    active: bool = False
    completed: bool = False
    terminated: bool = False
    include_closed: bool = False
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    variables: list[VariableFilter] = field(default_factory=list)


def query_instances(tx: Session, caller: Caller, q: InstanceQuery, first_result: int, max_results: int,
                    max_page: int) -> list[CaseInstance]:
    offset, limit = offset_page(first_result, max_results, max_page)
    if sum((q.active, q.completed, q.terminated)) > 1:
        raise invalid_field("active", "active, completed and terminated exclude each other")
    query = select(CaseInstance)
    for column, value in (
        (CaseInstance.id, q.case_instance_id),
        (CaseInstance.case_definition_id, q.case_definition_id),
        (CaseInstance.case_definition_key, q.case_definition_key),
        (CaseInstance.business_key, q.business_key),
        (CaseInstance.super_case_instance_id, q.super_case_instance_id),
    ):
        if value:
            query = query.where(column == value)
    if q.deployment_id:
        query = query.where(CaseInstance.case_definition_id.in_(
            select(CaseDefinition.id).where(CaseDefinition.deployment_id == q.deployment_id)))
    if q.active:
        query = query.where(CaseInstance.state == CASE_ACTIVE)
    elif q.completed:
        query = query.where(CaseInstance.state == CASE_COMPLETED)
    elif q.terminated:
        query = query.where(CaseInstance.state == CASE_TERMINATED)
    elif not q.include_closed:
        query = query.where(CaseInstance.state != CASE_CLOSED)
    if q.tenant_id_in:
        query = query.where(CaseInstance.tenant_id.in_(q.tenant_id_in))
    if q.without_tenant_id:
        query = query.where(CaseInstance.tenant_id.is_(None))
    query = query.where(*caller.tenant_conditions(CaseInstance.tenant_id))
    for _, row in variable_conditions(q.variables, "variables", _INSTANCE_OPERATORS, False, False):
        query = query.where(exists().where(Variable.scope_id == CaseInstance.id, row))
    return list(tx.scalars(query.order_by(CaseInstance.create_time, CaseInstance.id).offset(offset).limit(limit)))


def complete_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str,
                      variables: Mapping[str, TypedValue], deletions: Iterable[str]) -> CaseInstance:
    case = get_instance(tx, caller, instance_id)
    return CaseRuntime(tx, clock).case_transition(case, "complete", variables=variables, deletions=deletions)


def terminate_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str,
                       variables: Mapping[str, TypedValue], deletions: Iterable[str]) -> CaseInstance:
    case = get_instance(tx, caller, instance_id)
    return CaseRuntime(tx, clock).case_transition(case, "terminate", variables=variables, deletions=deletions)


def close_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str) -> CaseInstance:
    case = get_instance(tx, caller, instance_id)
    return CaseRuntime(tx, clock).case_transition(case, "close")


def get_variables(tx: Session, caller: Caller, instance_id: str) -> dict[str, TypedValue]:
    case = _open_instance(tx, caller, instance_id)
    return scope_variables(tx, case.id)


def scope_variables(tx: Session, scope_id: str) -> dict[str, TypedValue]:
    rows = tx.scalars(select(Variable).where(Variable.scope_id == scope_id).order_by(Variable.name))
    return {row.name: typed_value(row) for row in rows}


def modify_variables(tx: Session, clock: Clock, caller: Caller, instance_id: str,
                     modifications: Mapping[str, TypedValue], deletions: Iterable[str]) -> None:
    """Sets, then deletes, case variables; an active case then settles (if-parts may hold)."""
    runtime = CaseRuntime(tx, clock)
    case = runtime.lock_case(get_instance(tx, caller, instance_id).id)
    case = _open_instance(tx, caller, case.id)
    owner = variable_log.of_case_execution(runtime.executions(case.id)[0])
    for name, value in modifications.items():
        write_variable(tx, clock, owner, name, value)
    tx.flush()
    delete_variables(tx, clock, owner, deletions)
    runtime.variables_changed(case)


# -- executions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExecutionQuery:
    case_execution_id: str = ""
    case_instance_id: str = ""
    business_key: str = ""
    case_definition_id: str = ""
    case_definition_key: str = ""
    activity_id: str = ""
    required: bool = False
    active: bool = False
    enabled: bool = False
    disabled: bool = False
    available: bool = False
    include_ended: bool = False
    tenant_id_in: tuple[str, ...] = ()


def query_executions(tx: Session, caller: Caller, q: ExecutionQuery, first_result: int, max_results: int,
                     max_page: int) -> list[CaseExecution]:
    """Case executions; by default only those not ended (AVAILABLE, ENABLED, DISABLED, ACTIVE)."""
    offset, limit = offset_page(first_result, max_results, max_page)
    states = [s for s, wanted in ((ACTIVE, q.active), (ENABLED, q.enabled), (DISABLED, q.disabled),
                                  (AVAILABLE, q.available)) if wanted]
    if len(states) > 1:
        raise invalid_field("active", "active, enabled, disabled and available exclude each other")
    query = select(CaseExecution)
    for column, value in (
        (CaseExecution.id, q.case_execution_id),
        (CaseExecution.case_instance_id, q.case_instance_id),
        (CaseExecution.business_key, q.business_key),
        (CaseExecution.case_definition_id, q.case_definition_id),
        (CaseExecution.case_definition_key, q.case_definition_key),
        (CaseExecution.activity_id, q.activity_id),
    ):
        if value:
            query = query.where(column == value)
    if q.required:
        query = query.where(CaseExecution.required.is_(True))
    if states:
        query = query.where(CaseExecution.state == states[0])
    elif not q.include_ended:
        query = query.where(CaseExecution.state.in_(tuple(NOT_ENDED)))
    if q.tenant_id_in:
        query = query.where(CaseExecution.tenant_id.in_(q.tenant_id_in))
    query = query.where(*caller.tenant_conditions(CaseExecution.tenant_id))
    # Document order; the instances of a repeated plan item as they were created.
    query = query.order_by(CaseExecution.case_instance_id, CaseExecution.position, CaseExecution.instance_number,
                           CaseExecution.id)
    return list(tx.scalars(query.offset(offset).limit(limit)))


def get_execution(tx: Session, caller: Caller, execution_id: str) -> CaseExecution:
    row = tx.get(CaseExecution, execution_id) if execution_id else None
    return visible(caller, row, "case execution", "CASE_EXECUTION_NOT_FOUND", execution_id)


def transition_execution(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, transition: str, *,
    variables: Mapping[str, TypedValue], deletions: Iterable[str],
    local_variables: Mapping[str, TypedValue] | None = None,
) -> CaseExecution:
    row = get_execution(tx, caller, execution_id)
    return CaseRuntime(tx, clock).transition(
        row.id, row.case_instance_id, transition, variables=variables, local_variables=local_variables,
        deletions=deletions,
    )


# -- human tasks through the task service --------------------------------------------------


class _CaseTasks:
    """tasks.CaseTasks: completing a human task, and its variables, through the case runtime."""

    def complete(self, tx: Session, clock: Clock, task: Task, variables: Mapping[str, TypedValue]) -> None:
        CaseRuntime(tx, clock).complete_human_task(task, variables)

    def visible_variables(self, tx: Session, clock: Clock, task: Task) -> dict[str, TypedValue]:
        return CaseRuntime(tx, clock).visible_variables(_task_execution(tx, task))

    def hold(self, tx: Session, clock: Clock, task: Task) -> Callable[[Mapping[str, TypedValue], list[str]], None]:
        cases = CaseRuntime(tx, clock)
        try:
            case = cases.lock_case(task.case_instance_id or "")
        except NotFound:  # the case went with its deployment meanwhile
            raise not_found("task", "TASK_NOT_FOUND", task.id) from None

        def write(values: Mapping[str, TypedValue], gone: list[str]) -> None:
            execution = _task_execution(tx, task)
            cases.set_variables(execution, values)
            cases.delete_variables(execution, gone)
            if values or gone:  # if-parts may hold now
                cases.variables_changed(case)

        return write


def _task_execution(tx: Session, task: Task) -> CaseExecution:
    execution = tx.get(CaseExecution, task.case_execution_id)
    if execution is None:  # case executions are purged with their tasks
        raise not_found("task", "TASK_NOT_FOUND", task.id)
    return execution


tasks.CASE_TASKS.append(_CaseTasks())

