"""The running variables of every scope (VariableInstanceService: QueryVariableInstances, its
count, GetVariableInstance — the document's engine's `/variable-instance`): each variable row
with what its owner says about it, read in one statement that joins the owner by its key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from server.engine import executions
from server.engine.cases.models import CaseExecution
from server.engine.errors import visible
from server.engine.models import Execution, Task, Variable
from server.engine.runtime import typed_value
from server.engine.variables import TypedValue
from server.identity.service import Caller

_V = Variable

# A variable's scope_id is the key of the one row that owns it: an execution (the process
# instance's own variables: its root execution), a case execution (the case instance's own: its
# root case execution) or a task. Each outer join below finds that row, or nothing.
_OWNED_BY_EXECUTION = Execution.id == _V.scope_id
_OWNED_BY_CASE_EXECUTION = CaseExecution.id == _V.scope_id
_OWNED_BY_TASK = Task.id == _V.scope_id

# What the owner says; a task's variable takes its execution or case execution from the task.
_PROCESS_INSTANCE_ID = func.coalesce(_V.process_instance_id, Task.process_instance_id)
_EXECUTION_ID = func.coalesce(Execution.id, Task.execution_id)
_CASE_INSTANCE_ID = func.coalesce(_V.case_instance_id, Task.case_instance_id)
_CASE_EXECUTION_ID = func.coalesce(CaseExecution.id, Task.case_execution_id)
_PROCESS_DEFINITION_ID = func.coalesce(Execution.process_definition_id, Task.process_definition_id)
_CASE_DEFINITION_ID = func.coalesce(CaseExecution.case_definition_id, Task.case_definition_id)
# The owner's tenant: its process instance's, its case instance's, or the standalone task's.
TENANT_ID = func.coalesce(Execution.tenant_id, CaseExecution.tenant_id, Task.tenant_id)

SORT_KEYS: dict[str, Any] = {
    "variableName": _V.name,
    "variableType": _V.type,
    "tenantId": TENANT_ID,
}


@dataclass
class VariableInstanceQuery:
    """The filters of QueryVariableInstances and its count; each given one must hold."""

    variable_name: str = ""
    variable_name_like: str = ""
    variable_values: list[executions.VariableFilter] = field(default_factory=list)
    names_ignore_case: bool = False
    values_ignore_case: bool = False
    process_instance_ids: list[str] = field(default_factory=list)
    execution_ids: list[str] = field(default_factory=list)
    case_instance_ids: list[str] = field(default_factory=list)
    case_execution_ids: list[str] = field(default_factory=list)
    task_ids: list[str] = field(default_factory=list)
    scope_ids: list[str] = field(default_factory=list)
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class VariableInstanceView:
    """A running variable and its owner's ids (None where the owner has none)."""

    id: str
    name: str
    value: TypedValue
    process_instance_id: str | None
    execution_id: str | None
    case_instance_id: str | None
    case_execution_id: str | None
    task_id: str | None
    tenant_id: str | None
    process_definition_id: str | None
    case_definition_id: str | None


def _with_owners(stmt: Select[Any]) -> Select[Any]:
    """``stmt`` over the variables, each with its owner's row (one of the three) joined."""
    return (stmt.select_from(_V).outerjoin(Execution, _OWNED_BY_EXECUTION)
            .outerjoin(CaseExecution, _OWNED_BY_CASE_EXECUTION).outerjoin(Task, _OWNED_BY_TASK))


def _statement() -> Select[Any]:
    return _with_owners(select(_V, _PROCESS_INSTANCE_ID, _EXECUTION_ID, _CASE_INSTANCE_ID, _CASE_EXECUTION_ID,
                               Task.id, TENANT_ID, _PROCESS_DEFINITION_ID, _CASE_DEFINITION_ID))


def _view(row: Any) -> VariableInstanceView:
    variable, *owner = row
    return VariableInstanceView(variable.id, variable.name, typed_value(variable), *owner)


def _through_tasks(direct: ColumnElement[bool], task_column: Any, ids: list[str]) -> ColumnElement[bool]:
    """``direct`` (the variables the ids' scopes own), or a variable of a task that ``task_column``
    relates to one of ``ids``: each side is found through an index of its own."""
    return or_(direct, _V.scope_id.in_(select(Task.id).where(task_column.in_(ids))))


def _conditions(caller: Caller, q: VariableInstanceQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(TENANT_ID, q.tenant_ids, q.without_tenant)
    if q.variable_name:
        conds.append(_V.name == q.variable_name)
    if q.variable_name_like:
        conds.append(executions.like(_V.name, q.variable_name_like, "variable_name_like"))
    # As the document's engine: each filter holds for the variable itself (its name and value).
    conds += [condition for _, condition in executions.variable_conditions(
        q.variable_values, "variable_values", executions.LOCAL_OPERATORS, q.names_ignore_case,
        q.values_ignore_case)]
    if q.process_instance_ids:
        conds.append(_through_tasks(_V.process_instance_id.in_(q.process_instance_ids), Task.process_instance_id,
                                    q.process_instance_ids))
    if q.execution_ids:
        conds.append(_through_tasks(and_(_V.scope_id.in_(q.execution_ids), Execution.id.is_not(None)),
                                    Task.execution_id, q.execution_ids))
    if q.case_instance_ids:
        conds.append(_through_tasks(_V.case_instance_id.in_(q.case_instance_ids), Task.case_instance_id,
                                    q.case_instance_ids))
    if q.case_execution_ids:
        conds.append(_through_tasks(and_(_V.scope_id.in_(q.case_execution_ids), CaseExecution.id.is_not(None)),
                                    Task.case_execution_id, q.case_execution_ids))
    if q.task_ids:
        conds += [_V.scope_id.in_(q.task_ids), Task.id.is_not(None)]
    conds += executions.equalities(((_V.scope_id, q.scope_ids),))
    conds += caller.tenant_conditions(TENANT_ID)
    return conds


def query(tx: Session, caller: Caller, q: VariableInstanceQuery, offset: int, limit: int) -> list[VariableInstanceView]:
    """One page of the running variables the filters keep, by ``q.sorting`` then id."""
    order = executions.ordering(q.sorting, SORT_KEYS, _V.id)
    stmt = _statement().where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)
    return [_view(row) for row in tx.execute(stmt)]


def count(tx: Session, caller: Caller, q: VariableInstanceQuery) -> int:
    return int(tx.scalar(_with_owners(select(func.count())).where(*_conditions(caller, q))) or 0)


def get(tx: Session, caller: Caller, variable_id: str) -> VariableInstanceView:
    """The running variable ``variable_id``; NOT_FOUND when there is none the caller sees."""
    row = tx.execute(_statement().where(_V.id == variable_id)).first() if variable_id else None
    return visible(caller, _view(row) if row is not None else None, "variable instance",
                   "VARIABLE_INSTANCE_NOT_FOUND", variable_id)
