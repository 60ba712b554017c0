"""Case definitions, case instances and case executions: lookups, queries and the verbs of the
API, each inside the caller's transaction. Tenants are respected as for processes: rows of a
tenant the token is not granted do not exist for it (NOT_FOUND)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from server.clock import Clock
from server.engine import executions, instances, operation_log, tasks, variable_log
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance, HistoricCaseActivityInstance
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
from server.engine.definitions import (
    DefinitionQuery,
    DefinitionRef,
    checked_history_time_to_live,
    definition_named,
    list_versioned,
    versioned_conditions,
    versioned_sort_keys,
)
from server.engine.deployments import definition_text
from server.engine.diagrams import Diagram, definition_diagram as diagram_of
from server.engine.errors import not_found, precondition, variable_not_found, visible
from server.engine.executions import VariableFilter, offset_page
from server.engine.models import HistoricVariableInstance, ProcessInstance, Task, Variable
from server.engine.runtime import delete_variables, typed_value, write_variable
from server.engine.variables import TypedValue
from server.errors import NotFound, invalid_field, missing_required_field
from server.identity.service import Caller

CASE_STATES = (CASE_ACTIVE, CASE_COMPLETED, CASE_TERMINATED, CASE_CLOSED)
EXECUTION_STATES = (AVAILABLE, ENABLED, DISABLED, ACTIVE, COMPLETED, TERMINATED)

# -- definitions ---------------------------------------------------------------------------


def get_definition(tx: Session, caller: Caller, definition_id: str, field_name: str = "id") -> CaseDefinition:
    """The case definition the request names in ``field_name``."""
    row = tx.get(CaseDefinition, definition_id) if definition_id else None
    return visible(caller, row, "case definition", "CASE_DEFINITION_NOT_FOUND", definition_id, field_name)


def resolve(
    tx: Session, caller: Caller, ref: DefinitionRef, *,
    action: str = "create instances of this tenant's case definitions",
) -> CaseDefinition:
    """By id; by key (the latest version of no tenant); by key and tenant (that tenant's latest).
    ``action``: what the caller wants of a tenant's definition, for TENANT_NOT_GRANTED."""
    row: CaseDefinition = definition_named(tx, caller, ref, CaseDefinition, kind="case definition",
                                           reason="CASE_DEFINITION_NOT_FOUND", action=action)
    return row


_READ = "read this tenant's case definitions"


def named_definition(tx: Session, caller: Caller, definition_id: str, ref: DefinitionRef | None, *,
                     action: str = _READ) -> CaseDefinition:
    """The definition a request names by its ``id`` field, or by its ``definition`` field (``ref``,
    None when not given) as CreateCaseInstance names one; not both."""
    if ref is None:
        return get_definition(tx, caller, definition_id)
    if definition_id:
        raise invalid_field("definition", "give id or definition, not both")
    return resolve(tx, caller, ref, action=action)


def definition_xml(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[CaseDefinition, str]:
    """GetCaseDefinitionXml: the definition and the text of its CMMN file."""
    definition = resolve(tx, caller, ref, action=_READ)
    return definition, definition_text(tx, definition)


def definition_diagram(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[CaseDefinition, Diagram | None]:
    """GetCaseDefinitionDiagram: the definition and its diagram (None: it has none)."""
    definition = resolve(tx, caller, ref, action=_READ)
    return definition, diagram_of(tx, definition)


@dataclass(frozen=True)
class CaseDefinitionQuery(DefinitionQuery):
    """ListCaseDefinitions' and CountCaseDefinitions' filters: those process definitions share
    with cases (the others are not given), and the category."""

    category: str = ""
    category_like: str = ""


# ListCaseDefinitions' sort keys.
DEFINITION_SORT_KEYS = {**versioned_sort_keys(CaseDefinition), "category": CaseDefinition.category}


def _definition_conditions(q: CaseDefinitionQuery) -> list[ColumnElement[bool]]:
    conds = versioned_conditions(CaseDefinition, q, include_field="include_case_definitions_without_tenant_id")
    conds += executions.equalities([(CaseDefinition.category, q.category)])
    if q.category_like:
        conds.append(executions.like(CaseDefinition.category, q.category_like, "category_like"))
    return conds


def list_definitions(tx: Session, caller: Caller, q: CaseDefinitionQuery, offset: int,
                     limit: int) -> list[CaseDefinition]:
    """ListCaseDefinitions: ordered by ``q.sorting``, then key, version (newest first), id."""
    return list_versioned(tx, caller, CaseDefinition, _definition_conditions(q), q.sorting, DEFINITION_SORT_KEYS,
                          offset, limit)


def count_definitions(tx: Session, caller: Caller, q: CaseDefinitionQuery) -> int:
    """CountCaseDefinitions: what ListCaseDefinitions lists over every page."""
    return int(tx.scalar(select(func.count()).select_from(CaseDefinition).where(
        *_definition_conditions(q), *caller.tenant_conditions(CaseDefinition.tenant_id))) or 0)


def update_history_time_to_live(tx: Session, clock: Clock, caller: Caller, definition_id: str,
                                ref: DefinitionRef | None, days: int | None) -> CaseDefinition:
    """Sets (None: clears) the days the history of the definition's closed case instances is
    kept; this version only (named as named_definition names it). Seeing the definition's
    tenant is enough."""
    row = named_definition(tx, caller, definition_id, ref, action="change this tenant's case definitions")
    days = checked_history_time_to_live(days)
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
    runtime = CaseRuntime(tx, clock)
    runtime.create_user_id = caller.user_name
    return runtime.create_case_instance(definition, variables, business_key=business_key or None)


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
    """The filters of QueryCaseInstances and CountCaseInstances; each given one must hold."""

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
    case_instance_ids: tuple[str, ...] = ()
    super_process_instance_id: str = ""
    sub_process_instance_id: str = ""
    sub_case_instance_id: str = ""
    include_without_tenant_id: bool = False
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


# QueryCaseInstances' sort keys.
INSTANCE_SORT_KEYS = {
    "caseInstanceId": CaseInstance.id,
    "caseDefinitionKey": CaseInstance.case_definition_key,
    "caseDefinitionId": CaseInstance.case_definition_id,
    "tenantId": CaseInstance.tenant_id,
}


def related_instances(*, super_process_instance_id: str, sub_process_instance_id: str,
                      sub_case_instance_id: str) -> list[ColumnElement[bool]]:
    """The conditions on case instances of the filters by the instances around them (the
    runtime query's and the history's): the process instance that called one (none ever does:
    BPMN call activities call processes only), the process instance one's process task started
    (the process instance's calling case execution is a case activity of it in the history),
    the case instance one's case task created."""
    conds: list[ColumnElement[bool]] = []
    if super_process_instance_id:
        conds.append(false())
    if sub_process_instance_id:
        calling = select(ProcessInstance.super_case_execution_id).where(
            ProcessInstance.id == sub_process_instance_id).scalar_subquery()
        conds.append(CaseInstance.id.in_(select(HistoricCaseActivityInstance.case_instance_id).where(
            HistoricCaseActivityInstance.id == calling)))
    if sub_case_instance_id:
        sub = aliased(CaseInstance)
        conds.append(CaseInstance.id.in_(select(sub.super_case_instance_id).where(sub.id == sub_case_instance_id)))
    return conds


def instance_variables(filters: list[VariableFilter], names_ci: bool, values_ci: bool) -> list[ColumnElement[bool]]:
    """The conditions of variable filters on case instances' own variables (their root case
    execution's scope); a closed instance, whose variables are gone, matches by the last values
    the variable history kept of them, as an ended process instance does."""
    conds = []
    for i, f in enumerate(filters):
        spec = (f, f"variables[{i}]", executions.LOCAL_OPERATORS, names_ci, values_ci)
        running = executions.having_variable(f.operator, CaseInstance.id, Variable.scope_id,
                                             executions.variable_condition(*spec))
        kept = exists().where(*variable_log.last_values_of_case(CaseInstance.id),
                              executions.variable_condition(*spec, table=HistoricVariableInstance))
        conds.append(or_(and_(CaseInstance.state != CASE_CLOSED, running),
                         and_(CaseInstance.state == CASE_CLOSED, kept)))
    return conds


def _instance_conditions(caller: Caller, q: InstanceQuery) -> list[ColumnElement[bool]]:
    if sum((q.active, q.completed, q.terminated)) > 1:
        raise invalid_field("active", "active, completed and terminated exclude each other")
    if q.include_without_tenant_id and not q.tenant_id_in:
        raise invalid_field("include_case_instances_without_tenant_id", "give it with tenant_id_in")
    conds = executions.tenant_choice(CaseInstance.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                     or_none=q.include_without_tenant_id)
    conds += executions.equalities([
        (CaseInstance.id, q.case_instance_id), (CaseInstance.id, list(q.case_instance_ids)),
        (CaseInstance.case_definition_id, q.case_definition_id),
        (CaseInstance.case_definition_key, q.case_definition_key), (CaseInstance.business_key, q.business_key),
        (CaseInstance.super_case_instance_id, q.super_case_instance_id),
    ])
    if q.deployment_id:
        conds.append(CaseInstance.case_definition_id.in_(
            select(CaseDefinition.id).where(CaseDefinition.deployment_id == q.deployment_id)))
    if q.active:
        conds.append(CaseInstance.state == CASE_ACTIVE)
    elif q.completed:
        conds.append(CaseInstance.state == CASE_COMPLETED)
    elif q.terminated:
        conds.append(CaseInstance.state == CASE_TERMINATED)
    elif not q.include_closed:
        conds.append(CaseInstance.state != CASE_CLOSED)
    conds += related_instances(super_process_instance_id=q.super_process_instance_id,
                               sub_process_instance_id=q.sub_process_instance_id,
                               sub_case_instance_id=q.sub_case_instance_id)
    conds += instance_variables(q.variables, q.variable_names_ignore_case, q.variable_values_ignore_case)
    return conds + caller.tenant_conditions(CaseInstance.tenant_id)


def query_instances(tx: Session, caller: Caller, q: InstanceQuery, first_result: int, max_results: int,
                    max_page: int) -> list[CaseInstance]:
    """One page, by ``q.sorting`` then id (without sorting: by creation time, then id)."""
    offset, limit = offset_page(first_result, max_results, max_page)
    last = CaseInstance.id if q.sorting else (CaseInstance.create_time, CaseInstance.id)
    order = executions.ordering(q.sorting, INSTANCE_SORT_KEYS, last)
    return list(tx.scalars(select(CaseInstance).where(*_instance_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_instances(tx: Session, caller: Caller, q: InstanceQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(CaseInstance).where(*_instance_conditions(caller, q))) or 0)


def complete_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str,
                      variables: Mapping[str, TypedValue], deletions: Iterable[str]) -> CaseInstance:
    deletions = list(deletions)
    _refuse_set_and_deleted({"variables": variables}, {"deletions": deletions})
    case = get_instance(tx, caller, instance_id)
    return CaseRuntime(tx, clock).case_transition(case, "complete", variables=variables, deletions=deletions)


def terminate_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str,
                       variables: Mapping[str, TypedValue], deletions: Iterable[str]) -> CaseInstance:
    deletions = list(deletions)
    _refuse_set_and_deleted({"variables": variables}, {"deletions": deletions})
    case = get_instance(tx, caller, instance_id)
    return CaseRuntime(tx, clock).case_transition(case, "terminate", variables=variables, deletions=deletions)


def close_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str) -> CaseInstance:
    case = get_instance(tx, caller, instance_id)
    return CaseRuntime(tx, clock).case_transition(case, "close")


def get_variables(tx: Session, caller: Caller, instance_id: str) -> dict[str, TypedValue]:
    case = _open_instance(tx, caller, instance_id)
    return scope_variables(tx, case.id)


def get_variable(tx: Session, caller: Caller, instance_id: str, name: str) -> TypedValue:
    """GetCaseInstanceVariable: one case variable as GetCaseInstanceVariables lists it."""
    if not name:
        raise missing_required_field("name")
    case = _open_instance(tx, caller, instance_id)
    return instances.scope_variable(tx, case.id, name, "case instance")


def scope_variables(tx: Session, scope_id: str) -> dict[str, TypedValue]:
    rows = tx.scalars(select(Variable).where(Variable.scope_id == scope_id).order_by(Variable.name))
    return {row.name: typed_value(row) for row in rows}


def modify_variables(tx: Session, clock: Clock, caller: Caller, instance_id: str,
                     modifications: Mapping[str, TypedValue], deletions: Iterable[str]) -> None:
    """Deletes, then sets, case variables (as the document's engine's case execution variable
    command does; one name both ways is refused); an active case then settles (if-parts may hold)."""
    deletions = list(deletions)
    _refuse_set_and_deleted({"modifications": modifications}, {"deletions": deletions})
    deletions = list(dict.fromkeys(deletions))
    runtime = CaseRuntime(tx, clock)
    case = runtime.lock_case(get_instance(tx, caller, instance_id).id)
    case = _open_instance(tx, caller, case.id)
    owner = variable_log.of_case_execution(runtime.executions(case.id)[0])
    delete_variables(tx, clock, owner, deletions)
    for name, value in modifications.items():
        write_variable(tx, clock, owner, name, value)
    tx.flush()
    runtime.variables_changed(case)


def _refuse_set_and_deleted(sets: Mapping[str, Mapping[str, TypedValue] | None],
                            deletions: Mapping[str, list[str]]) -> None:
    """INVALID_FIELD naming the deletion (``deletions``: request field -> its names) of a name
    one of ``sets`` (request field -> its variables) also sets: the document's engine refuses a
    case variable call that both sets and removes one name (its CaseExecutionCommandBuilder),
    where the process variable calls set, then delete."""
    set_in = {name: field_name for field_name, values in sets.items() for name in (values or {})}
    for field_name, names in deletions.items():
        for index, name in enumerate(names):
            if name in set_in:
                raise invalid_field(
                    f"{field_name}[{index}]",
                    f"the variable is also set by this call ({set_in[name]}); a case variable cannot be set and "
                    "deleted in one call", name=name, set_in=set_in[name])


def set_variable(tx: Session, clock: Clock, caller: Caller, instance_id: str, name: str, value: TypedValue) -> None:
    """SetCaseInstanceVariable: ModifyCaseInstanceVariables with one modification."""
    modify_variables(tx, clock, caller, instance_id, {name: value}, ())


def delete_variable(tx: Session, clock: Clock, caller: Caller, instance_id: str, name: str) -> None:
    """DeleteCaseInstanceVariable: ModifyCaseInstanceVariables with one deletion."""
    if not name:
        raise missing_required_field("name")
    modify_variables(tx, clock, caller, instance_id, {}, (name,))


# -- executions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExecutionQuery:
    """The filters of QueryCaseExecutions and CountCaseExecutions; each given one must hold."""

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
    without_tenant_id: bool = False
    variables: list[VariableFilter] = field(default_factory=list)
    case_instance_variables: list[VariableFilter] = field(default_factory=list)
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


# QueryCaseExecutions' sort keys.
EXECUTION_SORT_KEYS = {
    "caseExecutionId": CaseExecution.id,
    "caseDefinitionKey": CaseExecution.case_definition_key,
    "caseDefinitionId": CaseExecution.case_definition_id,
    "tenantId": CaseExecution.tenant_id,
}


def _execution_conditions(caller: Caller, q: ExecutionQuery) -> list[ColumnElement[bool]]:
    states = [s for s, wanted in ((ACTIVE, q.active), (ENABLED, q.enabled), (DISABLED, q.disabled),
                                  (AVAILABLE, q.available)) if wanted]
    if len(states) > 1:
        raise invalid_field("active", "active, enabled, disabled and available exclude each other")
    conds = executions.tenant_choice(CaseExecution.tenant_id, list(q.tenant_id_in), q.without_tenant_id)
    conds += executions.equalities([
        (CaseExecution.id, q.case_execution_id), (CaseExecution.case_instance_id, q.case_instance_id),
        (CaseExecution.business_key, q.business_key), (CaseExecution.case_definition_id, q.case_definition_id),
        (CaseExecution.case_definition_key, q.case_definition_key), (CaseExecution.activity_id, q.activity_id),
    ])
    if q.required:
        conds.append(CaseExecution.required.is_(True))
    if states:
        conds.append(CaseExecution.state == states[0])
    elif not q.include_ended:
        conds.append(CaseExecution.state.in_(tuple(NOT_ENDED)))
    ci = (q.variable_names_ignore_case, q.variable_values_ignore_case)
    for f, row in executions.variable_conditions(q.variables, "variables", executions.LOCAL_OPERATORS, *ci):
        conds.append(executions.having_variable(f.operator, CaseExecution.id, Variable.scope_id, row))
    for f, row in executions.variable_conditions(q.case_instance_variables, "case_instance_variables",
                                                 executions.LOCAL_OPERATORS, *ci):
        # As the document's engine: a variable anywhere in the execution's case instance.
        conds.append(executions.having_variable(f.operator, CaseExecution.case_instance_id,
                                                Variable.case_instance_id, row))
    return conds + caller.tenant_conditions(CaseExecution.tenant_id)


def query_executions(tx: Session, caller: Caller, q: ExecutionQuery, first_result: int, max_results: int,
                     max_page: int) -> list[CaseExecution]:
    """Case executions; by default only those not ended (AVAILABLE, ENABLED, DISABLED, ACTIVE).
    Ordered by ``q.sorting`` then id; without sorting in document order, the instances of a
    repeated plan item as they were created."""
    offset, limit = offset_page(first_result, max_results, max_page)
    last = CaseExecution.id if q.sorting else (
        CaseExecution.case_instance_id, CaseExecution.position, CaseExecution.instance_number, CaseExecution.id)
    order = executions.ordering(q.sorting, EXECUTION_SORT_KEYS, last)
    return list(tx.scalars(select(CaseExecution).where(*_execution_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_executions(tx: Session, caller: Caller, q: ExecutionQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(CaseExecution)
                         .where(*_execution_conditions(caller, q))) or 0)


def get_execution(tx: Session, caller: Caller, execution_id: str, field_name: str = "id") -> CaseExecution:
    """The case execution the request names in ``field_name``."""
    row = tx.get(CaseExecution, execution_id) if execution_id else None
    return visible(caller, row, "case execution", "CASE_EXECUTION_NOT_FOUND", execution_id, field_name)


def execution_variables(tx: Session, clock: Clock, caller: Caller, execution_id: str, *,
                        local_only: bool) -> dict[str, TypedValue]:
    """GetCaseExecutionVariables: the case execution's own variables (``local_only``), or every
    one visible from it (the nearest scope's of each name)."""
    execution = get_execution(tx, caller, execution_id, "case_execution_id")
    runtime = CaseRuntime(tx, clock)
    values = runtime.local_variables(execution.id) if local_only else runtime.visible_variables(execution)
    return dict(sorted(values.items()))


def execution_variable(tx: Session, clock: Clock, caller: Caller, execution_id: str, name: str, *,
                       local_only: bool) -> TypedValue:
    """GetCaseExecutionVariable: one variable as GetCaseExecutionVariables lists it."""
    if not name:
        raise missing_required_field("name")
    values = execution_variables(tx, clock, caller, execution_id, local_only=local_only)
    if name not in values:
        raise variable_not_found("case execution", execution_id, name, local_only)
    return values[name]


def modify_execution_variables(tx: Session, clock: Clock, caller: Caller, execution_id: str,
                               modifications: Mapping[str, TypedValue], deletions: Iterable[str], *,
                               local: bool) -> None:
    """Deletes, then sets, variables of a case execution (one name both ways is refused): with
    ``local`` on its own scope; else each where it is visible from the execution, else on the
    case instance (deletions: the nearest). An active case then settles (variable on-parts
    count, if-parts may hold)."""
    deletions = list(deletions)
    _refuse_set_and_deleted({"modifications": modifications}, {"deletions": deletions})
    deletions = list(dict.fromkeys(deletions))
    runtime = CaseRuntime(tx, clock)
    case = runtime.lock_case(get_execution(tx, caller, execution_id, "case_execution_id").case_instance_id)
    # Read again under the case's lock: a call that closed the case came first and removed it.
    execution = runtime.execution(case.id, execution_id, "case_execution_id")
    if local:
        owner = variable_log.of_case_execution(execution)
        delete_variables(tx, clock, owner, deletions)
        for name, value in modifications.items():
            write_variable(tx, clock, owner, name, value)
        tx.flush()
    else:
        runtime.delete_variables(execution, deletions)
        runtime.set_variables(execution, modifications)
    runtime.variables_changed(case)


def set_execution_variable(tx: Session, clock: Clock, caller: Caller, execution_id: str, name: str,
                           value: TypedValue, *, local: bool) -> None:
    """SetCaseExecutionVariable: ModifyCaseExecutionVariables with one modification."""
    modify_execution_variables(tx, clock, caller, execution_id, {name: value}, (), local=local)


def delete_execution_variable(tx: Session, clock: Clock, caller: Caller, execution_id: str, name: str, *,
                              local: bool) -> None:
    """DeleteCaseExecutionVariable: ModifyCaseExecutionVariables with one deletion."""
    if not name:
        raise missing_required_field("name")
    modify_execution_variables(tx, clock, caller, execution_id, {}, (name,), local=local)


def transition_execution(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, transition: str, *,
    variables: Mapping[str, TypedValue], deletions: Iterable[str],
    local_variables: Mapping[str, TypedValue] | None = None, local_deletions: Iterable[str] = (),
) -> CaseExecution:
    deletions, local_deletions = list(deletions), list(local_deletions)
    _refuse_set_and_deleted({"variables": variables, "local_variables": local_variables},
                            {"deletions": deletions, "local_deletions": local_deletions})
    row = get_execution(tx, caller, execution_id)
    runtime = CaseRuntime(tx, clock)
    runtime.create_user_id = caller.user_name  # of the case instances a case task it starts creates
    return runtime.transition(
        row.id, row.case_instance_id, transition, variables=variables, local_variables=local_variables,
        deletions=deletions, local_deletions=local_deletions,
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

