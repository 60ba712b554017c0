"""The variable history (the document's engine's HistoricVariableInstance and HistoricDetail of
type variableUpdate): what each variable of a process or case was, and each change to it.

Every write of a variable goes through server.engine.runtime.write_variable and
delete_variables (or the case runtime's variants), which tell this log what happened, with the
variable's ``Owner``: the execution, task or case execution whose variable it is, and where that
sits (instance, definition, activity instance, tenant). A variable's historic instance is
inserted when it is created, follows its value on each update, and is marked DELETED when a call
deletes it; each of those also writes a detail row with the value and the variable's revision.
When the variable's scope ends (its execution, task or case goes), nothing is written: the
historic instance keeps the last value, as in the document's engine.

The details table holds the values submitted with forms too (the document's engine's
HistoricFormField, detail type formField: ``form_submitted``), written as the variable changes
are.

Rows a transaction creates are gathered in its ``info`` and written in one statement per table
just before it commits (``server.db.before_commit``), as the activity log does: a variable that
is created and updated in one call changes its pending row, not the database. A historic
instance of an earlier call changes by one UPDATE."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import Gathered
from server.engine.activity_log import await_pass, container_id, container_of, pending_pass
from server.engine.cases.models import CaseExecution
from server.engine.models import (
    Execution,
    HistoricActivityInstance,
    HistoricVariableInstance,
    HistoricVariableUpdate,
    Task,
    Variable,
)
from server.engine.variables import TypedValue, format_date
from server.fastsql import Prepared

CREATED = "CREATED"
DELETED = "DELETED"
# The kinds of detail (HistoricVariableUpdate.detail_type), as the API names them.
VARIABLE_UPDATE = "variableUpdate"
FORM_FIELD = "formField"
_Kept = HistoricVariableInstance


def last_values_of_process(instance_id: Any) -> tuple[ColumnElement[bool], ...]:
    """The historic variable instances a process instance's own scope has (its process
    variables: not an inner execution's, not a task's), as they last were and not deleted;
    ``instance_id``: the column or value naming the instance."""
    return (_Kept.process_instance_id == instance_id, _Kept.execution_id == instance_id,
            _Kept.task_id.is_(None), _Kept.state == CREATED)


def last_values_of_case(case_instance_id: Any) -> tuple[ColumnElement[bool], ...]:
    """The same for a case instance's own scope (its case variables)."""
    return (_Kept.case_instance_id == case_instance_id, _Kept.case_execution_id == case_instance_id,
            _Kept.task_id.is_(None), _Kept.state == CREATED)


def last_values_of_task(task_id: Any) -> tuple[ColumnElement[bool], ...]:
    """The same for a task's own (task-local) variables."""
    return (_Kept.task_id == task_id, _Kept.state == CREATED)

_INITIAL = "flowkeeper.variable_history.initial"
_OPERATION = "flowkeeper.variable_history.operation"

_VALUE_COLUMNS = ("type", "text_value", "long_value", "double_value", "bytes_value", "value_info")
_OWNER_COLUMNS = ("process_instance_id", "process_definition_id", "process_definition_key", "execution_id",
                  "task_id", "case_instance_id", "case_definition_id", "case_definition_key", "case_execution_id",
                  "case_activity_id", "tenant_id")

_I = HistoricVariableInstance.__table__
_U = HistoricVariableUpdate.__table__
_INSERT_INSTANCES = Prepared(insert(_I))
_INSERT_UPDATES = Prepared(insert(_U))
_SET_VALUE = Prepared(update(_I).where(_I.c.id == bindparam("variable")).values(
    **{column: bindparam(f"new_{column}") for column in (*_VALUE_COLUMNS, "revision")}))
_SET_DELETED = Prepared(update(_I).where(_I.c.id.in_(bindparam("variables", expanding=True)))
                        .values(state=DELETED))
_H = HistoricActivityInstance
_OPEN_PASS = Prepared(select(_H.id).where(_H.execution_id == bindparam("execution"),
                                          _H.activity_id == bindparam("activity"), _H.end_time.is_(None)))


@dataclass(frozen=True)
class Owner:
    """Whose a variable is: ``scope_id`` is the row that owns it (an execution, a task or a case
    execution); the rest is what the history says about it. The activity instance is
    ``activity_instance_id`` when the scope stands for one (the process instance, a subprocess,
    a case execution); else the pass of the path ``pass_of`` (execution id, activity id): the
    open one, or the next that starts in this transaction (a path the call has put before an
    activity); else the activity instance the path ``enclosed_by`` runs in."""

    scope_id: str
    process_instance_id: str | None = None
    process_definition_id: str | None = None
    process_definition_key: str | None = None
    execution_id: str | None = None
    task_id: str | None = None
    case_instance_id: str | None = None
    case_definition_id: str | None = None
    case_definition_key: str | None = None
    case_execution_id: str | None = None
    case_activity_id: str | None = None
    tenant_id: str | None = None
    activity_instance_id: str | None = None
    pass_of: tuple[str, str] | None = None
    enclosed_by: Execution | None = None

    @property
    def runtime_process_instance_id(self) -> str | None:
        """The variable row's process_instance_id: a process variable's instance. A task's own
        variables are not process variables (the executions' filters match on it)."""
        return None if self.task_id else self.process_instance_id

    @property
    def runtime_case_instance_id(self) -> str | None:
        return None if self.task_id else self.case_instance_id

    def place(self, tx: Session, rows: list[dict[str, Any]]) -> None:
        """Sets the activity instance of history ``rows`` about a variable of this owner."""
        value = self.activity_instance_id
        if value is None and self.pass_of is not None:
            started = pending_pass(tx, *self.pass_of)
            value = started["id"] if started is not None else _OPEN_PASS.execute(
                tx, {"execution": self.pass_of[0], "activity": self.pass_of[1]}).scalar()
            if value is None:
                def found(pass_id: str) -> None:
                    for row in rows:
                        row["activity_instance_id"] = pass_id

                await_pass(tx, *self.pass_of, found)
        if value is None and self.enclosed_by is not None:
            value = container_of(tx, self.enclosed_by)
        for row in rows:
            row["activity_instance_id"] = value


def of_execution(execution: Execution) -> Owner:
    """A process execution's variables (the instance's: its root execution)."""
    activity_instance_id = pass_of = enclosed_by = None
    if execution.parent_id is None:
        activity_instance_id = execution.id
    elif execution.is_scope and execution.scope_activity_id:
        activity_instance_id = container_id(execution)
    else:
        pass_of = (execution.id, execution.activity_id) if execution.activity_id else None
        enclosed_by = execution
    return Owner(
        scope_id=execution.id, process_instance_id=execution.process_instance_id,
        process_definition_id=execution.process_definition_id,
        process_definition_key=execution.process_definition_key, execution_id=execution.id,
        tenant_id=execution.tenant_id, activity_instance_id=activity_instance_id, pass_of=pass_of,
        enclosed_by=enclosed_by,
    )


def of_case_execution(execution: CaseExecution) -> Owner:
    """A case execution's variables (the case instance's: its root case execution)."""
    return Owner(
        scope_id=execution.id, case_instance_id=execution.case_instance_id,
        case_definition_id=execution.case_definition_id, case_definition_key=execution.case_definition_key,
        case_execution_id=execution.id, case_activity_id=execution.activity_id, tenant_id=execution.tenant_id,
        activity_instance_id=execution.id,
    )


def of_task(tx: Session, task: Task) -> Owner:
    """A task's own (local) variables: of a process's user task or a case's human task."""
    if task.case_execution_id:
        case_execution = tx.get(CaseExecution, task.case_execution_id)
        if case_execution is not None:
            return replace(of_case_execution(case_execution), scope_id=task.id, task_id=task.id)
    execution = tx.get(Execution, task.execution_id) if task.execution_id else None
    if execution is not None:
        return Owner(
            scope_id=task.id, process_instance_id=execution.process_instance_id,
            process_definition_id=execution.process_definition_id,
            process_definition_key=execution.process_definition_key, execution_id=execution.id, task_id=task.id,
            tenant_id=task.tenant_id, pass_of=(execution.id, task.task_definition_key),
            enclosed_by=execution,
        )
    return Owner(scope_id=task.id, task_id=task.id, process_instance_id=task.process_instance_id,
                 case_instance_id=task.case_instance_id, tenant_id=task.tenant_id)


class _Pending(Gathered):
    """The historic instances (by variable id) and details a transaction wrote, unwritten."""

    def __init__(self, tx: Session) -> None:
        super().__init__(tx)
        self.instances: dict[str, dict[str, Any]] = {}
        self.updates: list[dict[str, Any]] = []

    def write(self) -> None:
        if self.instances:
            _INSERT_INSTANCES.execute(self.tx, list(self.instances.values()))
            self.instances = {}
        if self.updates:
            _INSERT_UPDATES.execute(self.tx, self.updates)
            self.updates = []


def write_pending(tx: Session) -> None:
    """Writes what this transaction recorded so far (before statements that must see it)."""
    _Pending.write_now(tx)


@contextmanager
def initial(tx: Session) -> Iterator[None]:
    """The variables created meanwhile come with the start of their instance."""
    tx.info[_INITIAL] = True
    try:
        yield
    finally:
        tx.info.pop(_INITIAL, None)


def link_operation(tx: Session, operation_id: str) -> None:
    """The call logs the operation ``operation_id`` (server.engine.operation_log): the changes it
    makes from now on name it."""
    tx.info[_OPERATION] = operation_id


def _value(row: Variable) -> dict[str, Any]:
    return {column: getattr(row, column) for column in _VALUE_COLUMNS}


def _owned(owner: Owner) -> dict[str, Any]:
    """The owner's columns of a history row."""
    return {column: getattr(owner, column) for column in _OWNER_COLUMNS}


def _detail(tx: Session, now: datetime, owned: dict[str, Any], row: Variable, event: str) -> dict[str, Any]:
    return {
        "detail_type": VARIABLE_UPDATE, "variable_instance_id": row.id, "name": row.name, **_value(row),
        "revision": row.revision, "event": event, "initial": event == "create" and bool(tx.info.get(_INITIAL)),
        "time": now, **owned, "user_operation_id": tx.info.get(_OPERATION),
    }


def created(tx: Session, clock: Clock, owner: Owner, row: Variable) -> None:
    """``row`` (revision 0) was just created."""
    pending = _Pending.of(tx)
    now, owned = clock.now(), _owned(owner)
    instance = {"id": row.id, "name": row.name, **_value(row), "revision": row.revision, "state": CREATED,
                "create_time": now, **owned}
    detail = _detail(tx, now, owned, row, "create")
    owner.place(tx, [instance, detail])
    pending.instances[row.id] = instance
    pending.updates.append(detail)


def updated(tx: Session, clock: Clock, owner: Owner, row: Variable) -> None:
    """``row`` took a new value, its revision counted up."""
    pending = _Pending.of(tx)
    detail = _detail(tx, clock.now(), _owned(owner), row, "update")
    owner.place(tx, [detail])
    instance = pending.instances.get(row.id)
    if instance is not None:
        instance.update(_value(row), revision=row.revision)
    else:
        _SET_VALUE.execute(tx, {"variable": row.id, "new_revision": row.revision,
                                **{f"new_{column}": value for column, value in _value(row).items()}})
    pending.updates.append(detail)


def deleted(tx: Session, clock: Clock, owner: Owner, rows: list[Variable]) -> None:
    """A call deleted ``rows`` (an ended scope's variables are not deleted in this sense)."""
    if not rows:
        return
    pending = _Pending.of(tx)
    now, owned = clock.now(), _owned(owner)
    details = [_detail(tx, now, owned, row, "delete") for row in rows]
    owner.place(tx, details)
    pending.updates += details
    written = []
    for row in rows:
        instance = pending.instances.get(row.id)
        if instance is not None:
            instance["state"] = DELETED
        else:
            written.append(row.id)
    if written:
        _SET_DELETED.execute(tx, {"variables": written})


def form_text(value: TypedValue) -> str | None:
    """A submitted value as a form field detail keeps it: text as is, a number's digits, true or
    false, a Date in the engine's date format; None (no detail) for a null, Json, Bytes, File or
    Object."""
    v = value.value
    if v is None or value.type in ("json", "bytes", "file", "object", "null"):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return format_date(v)
    return v if isinstance(v, str) else str(v)


def form_submitted(tx: Session, clock: Clock, owner: Owner, submitted: Mapping[str, TypedValue]) -> None:
    """A form was submitted (SubmitTaskForm of a process's user task: ``owner`` of_task;
    SubmitStartForm: of the new instance): a formField detail per submitted value with a text
    form (the document's engine's HistoricFormField), named by the variable's name, its value as
    text, the owner's place and the call's operation. Call before the values are set: the
    task's activity instance is still open."""
    now, owned = clock.now(), _owned(owner)
    details = [{"detail_type": FORM_FIELD, "variable_instance_id": None, "name": name, "type": "string",
                "text_value": text, "long_value": None, "double_value": None, "bytes_value": None,
                "value_info": None, "revision": None, "event": None, "initial": False, "time": now, **owned,
                "user_operation_id": tx.info.get(_OPERATION)}
               for name, value in submitted.items() for text in (form_text(value),) if text is not None]
    if details:
        owner.place(tx, details)
        _Pending.of(tx).updates.extend(details)


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the variable history of ended process instances (``instance_ids``: a select of
    their ids, or a list), before the instances go (the history cleanup, a deployment's
    deletion)."""
    write_pending(tx)
    tx.execute(delete(HistoricVariableUpdate).where(
        HistoricVariableUpdate.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]
    tx.execute(delete(HistoricVariableInstance).where(
        HistoricVariableInstance.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]


def delete_of_case_instances(tx: Session, case_ids: list[str]) -> None:
    """Removes the variable history of case instances (their human tasks' included), before
    the instances go."""
    if case_ids:
        write_pending(tx)
        tx.execute(delete(HistoricVariableUpdate).where(HistoricVariableUpdate.case_instance_id.in_(case_ids)))
        tx.execute(delete(HistoricVariableInstance).where(HistoricVariableInstance.case_instance_id.in_(case_ids)))


def delete_of_task(tx: Session, task_id: str) -> None:
    """Removes the variable history of a standalone task, with its history (DeleteTask with
    cascade). Its variables are of no instance: the instance indexes narrow the updates (which
    have no index of their task) to those of no process and no case."""
    write_pending(tx)
    variable_ids = select(HistoricVariableInstance.id).where(HistoricVariableInstance.task_id == task_id)
    tx.execute(delete(HistoricVariableUpdate).where(
        HistoricVariableUpdate.process_instance_id.is_(None), HistoricVariableUpdate.case_instance_id.is_(None),
        HistoricVariableUpdate.variable_instance_id.in_(variable_ids)).execution_options(synchronize_session=False))
    tx.execute(delete(HistoricVariableInstance).where(HistoricVariableInstance.task_id == task_id)
               .execution_options(synchronize_session=False))
