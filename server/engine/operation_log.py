"""The operation log (HistoryService.QueryUserOperations): who did what, when, to which process
instance, incident, job, external task, process step, user task (of a process or a case),
variable, definition, deployment or group — the document's engine's user operation log. A
domain function that acts for a caller writes its entries in its own transaction, so an entry
exists exactly when its change does:
``Operation(tx, clock, caller, "SetJobRetries").entry(of_job(job), ("retries", 0, 3))``.
An operation may carry an annotation (why it was done), on each of its entries: given with the
call, or set and cleared later (``annotate``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import executions, variable_log
from server.engine.cases.models import CaseDefinition, CaseInstance
from server.engine.errors import not_found
from server.engine.failure_models import Incident, ProcessStep
from server.engine.models import (
    Deployment,
    Execution,
    ExternalTask,
    HistoricVariableInstance,
    Job,
    ProcessDefinition,
    ProcessInstance,
    Task,
    UserOperation,
)
from server.errors import invalid_field, missing_required_field
from server.fastsql import Prepared
from server.identity.service import Caller

# The categories (the document's engine's): what operators do to failures, instances,
# definitions and deployments; what people do to their user tasks; what admins do to groups.
OPERATOR = "Operator"
TASK_WORKER = "TaskWorker"
ADMIN = "Admin"

# The operations of the variable calls (the document's engine's SetVariable, RemoveVariable and
# ModifyVariable): one variable set, one deleted, several set and deleted at once.
SET_VARIABLE = "SetVariable"
REMOVE_VARIABLE = "RemoveVariable"
MODIFY_VARIABLE = "ModifyVariable"

_INSERT = Prepared(insert(UserOperation.__table__))


@dataclass(frozen=True)
class Subject:
    """What an operation acted on: its entity type, the ids an entry carries, its category."""

    entity_type: str
    refs: dict[str, str | None]
    category: str = OPERATOR


def of_job(job: Job) -> Subject:
    return Subject("Job", {"job_id": job.id, "job_definition_id": job.job_definition_id,
                           "process_instance_id": job.process_instance_id, "execution_id": job.execution_id,
                           "process_definition_id": job.process_definition_id,
                           "process_definition_key": job.process_definition_key, "tenant_id": job.tenant_id})


def of_incident(incident: Incident) -> Subject:
    return Subject("Incident", {"incident_id": incident.id, "job_definition_id": incident.job_definition_id,
                                "process_instance_id": incident.process_instance_id,
                                "execution_id": incident.execution_id,
                                "process_definition_id": incident.process_definition_id,
                                "process_definition_key": incident.process_definition_key,
                                "tenant_id": incident.tenant_id})


def of_external_task(task: ExternalTask) -> Subject:
    return Subject("ExternalTask", {"external_task_id": task.id, "process_instance_id": task.process_instance_id,
                                    "execution_id": task.execution_id,
                                    "process_definition_id": task.process_definition_id,
                                    "process_definition_key": task.process_definition_key,
                                    "tenant_id": task.tenant_id})


def of_step(step: ProcessStep, definition_key: str | None) -> Subject:
    return Subject("ProcessStep", {"process_step_id": step.id, "process_instance_id": step.process_instance_id,
                                   "execution_id": step.execution_id,
                                   "process_definition_id": step.process_definition_id,
                                   "process_definition_key": definition_key, "tenant_id": step.tenant_id})


def of_instance(instance: ProcessInstance) -> Subject:
    return Subject("ProcessInstance", {"process_instance_id": instance.id,
                                       "process_definition_id": instance.process_definition_id,
                                       "process_definition_key": instance.process_definition_key,
                                       "tenant_id": instance.tenant_id})


def of_task(task: Task, definition_key: str | None, entity_type: str = "Task") -> Subject:
    """A user task of a process (its instance, execution and definition), a human task of a
    case (its case instance, case execution and case definition), or a standalone task (none of
    them); entity_type names what the operation acted on (an IdentityLink, a Comment, …; its
    variables: of_variables_of_task)."""
    return Subject(entity_type, {"task_id": task.id, "process_instance_id": task.process_instance_id,
                                 "execution_id": task.execution_id,
                                 "process_definition_id": task.process_definition_id,
                                 "process_definition_key": definition_key,
                                 "case_instance_id": task.case_instance_id,
                                 "case_execution_id": task.case_execution_id,
                                 "case_definition_id": task.case_definition_id, "tenant_id": task.tenant_id},
                   TASK_WORKER)


def of_variables_of_execution(tx: Session, execution: Execution, *, execution_named: bool) -> Subject:
    """The variables of a process instance (its root execution) or, ``execution_named``, of one
    execution: its instance, definition and deployment, as the document's engine names them; the
    execution too when the call named it."""
    return Subject("Variable", {"process_instance_id": execution.process_instance_id,
                                "process_definition_id": execution.process_definition_id,
                                "process_definition_key": execution.process_definition_key,
                                "execution_id": execution.id if execution_named else None,
                                "deployment_id": _deployment_of(tx, execution.process_definition_id, None),
                                "tenant_id": execution.tenant_id})


def of_variables_of_task(tx: Session, task: Task, definition_key: str | None) -> Subject:
    """The variables of a task: the task with its instance or case (of_task), and the deployment
    of its definition, as the document's engine names them."""
    subject = of_task(task, definition_key, "Variable")
    deployment_id = _deployment_of(tx, task.process_definition_id, task.case_definition_id)
    return Subject(subject.entity_type, {**subject.refs, "deployment_id": deployment_id}, subject.category)


def _deployment_of(tx: Session, process_definition_id: str | None, case_definition_id: str | None) -> str | None:
    definition: ProcessDefinition | CaseDefinition | None = None
    if process_definition_id:
        definition = tx.get(ProcessDefinition, process_definition_id)
    elif case_definition_id:
        definition = tx.get(CaseDefinition, case_definition_id)
    return definition.deployment_id if definition is not None else None


def of_historic_variable(row: HistoricVariableInstance) -> Subject:
    """A variable as the history keeps it: whose it was (process or case, execution, task)."""
    return Subject("Variable", {name: getattr(row, name) for name in (
        "process_instance_id", "process_definition_id", "process_definition_key", "execution_id", "task_id",
        "case_instance_id", "case_execution_id", "case_definition_id", "tenant_id")})


def of_definition(definition: ProcessDefinition) -> Subject:
    return Subject("ProcessDefinition", {"process_definition_id": definition.id,
                                         "process_definition_key": definition.key,
                                         "deployment_id": definition.deployment_id,
                                         "tenant_id": definition.tenant_id})


def of_case_definition(definition: CaseDefinition) -> Subject:
    return Subject("CaseDefinition", {"case_definition_id": definition.id, "deployment_id": definition.deployment_id,
                                      "tenant_id": definition.tenant_id})


def of_case_instance(case: CaseInstance) -> Subject:
    return Subject("CaseInstance", {"case_instance_id": case.id, "case_definition_id": case.case_definition_id,
                                    "tenant_id": case.tenant_id})


def of_deployment(deployment: Deployment) -> Subject:
    return Subject("Deployment", {"deployment_id": deployment.id, "tenant_id": deployment.tenant_id})


# The ids an entry carries (columns and message fields of these names).
REFS = ("process_definition_id", "process_definition_key", "process_instance_id", "execution_id", "job_id",
        "job_definition_id", "incident_id", "external_task_id", "process_step_id", "tenant_id", "task_id",
        "deployment_id", "case_definition_id", "case_instance_id", "case_execution_id", "batch_id")

# A unit of work whose tx.info holds this key writes no entries: a batch's jobs do each item
# through the synchronous call, whose entry the batch's creation wrote once for all
# (server.engine.batches), as the document's engine prevents them. Its variable changes name no
# operation either (there is no entry to name).
PREVENTED = "flowkeeper.operation_log_prevented"


def changed(*changes: tuple[str, Any, Any]) -> list[tuple[str, Any, Any]]:
    """The (property, before, after) of ``changes`` whose value changed."""
    return [change for change in changes if change[1] != change[2]]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    return str(value)


class Operation:
    """One call's operation: its entries share an operation id, a timestamp and the call's
    ``annotation`` (why it was done; ModifyProcessInstance's)."""

    def __init__(self, tx: Session, clock: Clock, caller: Caller, operation_type: str,
                 annotation: str | None = None) -> None:
        self.tx = tx
        self.operation_type = operation_type
        self.user_id = caller.user_name
        self.operation_id = str(uuid.uuid4())
        self.timestamp = clock.now()
        self.annotation = annotation or None
        if not tx.info.get(PREVENTED):
            variable_log.link_operation(tx, self.operation_id)

    def entry(self, subject: Subject, *changes: tuple[str, Any, Any]) -> None:
        """Entries for ``subject``: one per (property, before, after) change, else one without
        a property."""
        if self.tx.info.get(PREVENTED):
            return
        base = {"operation_id": self.operation_id, "operation_type": self.operation_type,
                "entity_type": subject.entity_type, "category": subject.category, "user_id": self.user_id,
                "timestamp": self.timestamp, "annotation": self.annotation,
                **{name: subject.refs.get(name) for name in REFS}}
        rows = [{**base, "id": str(uuid.uuid4()), "property": name, "org_value": _text(before),
                 "new_value": _text(after)} for name, before, after in changes]
        if not rows:
            rows = [{**base, "id": str(uuid.uuid4()), "property": None, "org_value": None, "new_value": None}]
        _INSERT.execute(self.tx, rows)


# An annotation's longest text (the document's engine's column; an incident's annotation too).
MAX_ANNOTATION = 4000


def annotate(tx: Session, clock: Clock, caller: Caller, operation_id: str, annotation: str | None) -> None:
    """SetUserOperationAnnotation (``annotation``) and ClearUserOperationAnnotation (None): every
    entry of the operation gets, or loses, the annotation; the call writes an entry of its own
    (SetAnnotation / ClearAnnotation, entity OperationLog, property operationId, the annotated
    operation's tenant), as the document's engine does. Admin only."""
    if not operation_id:
        raise missing_required_field("operation_id")
    if annotation is not None:
        if not annotation:
            raise missing_required_field("annotation",
                                         "annotation is required; ClearUserOperationAnnotation removes one")
        if len(annotation) > MAX_ANNOTATION:
            raise invalid_field("annotation", f"at most {MAX_ANNOTATION} characters (got {len(annotation)})",
                                max_length=MAX_ANNOTATION)
    caller.require_admin("annotate the operation log")
    found = tx.execute(select(UserOperation.tenant_id).where(UserOperation.operation_id == operation_id)
                       .order_by(UserOperation.seq).limit(1)).first()
    if found is None:
        raise not_found("operation", "OPERATION_NOT_FOUND", operation_id, "operation_id")
    tx.execute(update(UserOperation).where(UserOperation.operation_id == operation_id)
               .values(annotation=annotation).execution_options(synchronize_session=False))
    Operation(tx, clock, caller, "SetAnnotation" if annotation is not None else "ClearAnnotation").entry(
        Subject("OperationLog", {"tenant_id": found.tenant_id}), ("operationId", None, operation_id))


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the entries of ended instances (``instance_ids``: a select of their ids, or a
    list), before the instances go (the history cleanup, a deployment's deletion)."""
    tx.execute(delete(UserOperation).where(UserOperation.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]


def delete_of_case_instances(tx: Session, case_ids: list[str]) -> None:
    """Removes the entries of case instances (those of their human tasks), before the instances
    go (the history cleanup of closed ones, a deployment's deletion)."""
    if case_ids:
        tx.execute(delete(UserOperation).where(UserOperation.case_instance_id.in_(case_ids)))


# -- the query ----------------------------------------------------------------------------------


@dataclass
class OperationQuery:
    """The filters of QueryUserOperations and CountUserOperations; each given one must hold."""

    equal: dict[str, str] = field(default_factory=dict)  # column name -> value
    after: datetime | None = None
    before: datetime | None = None
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


# The columns the query filters on by equality (the request's fields of the same names).
EQUALITY_FILTERS = ("operation_id", "operation_type", "entity_type", "category", "user_id", "property",
                    "process_definition_id", "process_definition_key", "process_instance_id", "execution_id",
                    "job_id", "job_definition_id", "incident_id", "external_task_id", "process_step_id", "task_id",
                    "deployment_id", "case_definition_id", "case_instance_id", "case_execution_id", "batch_id")
SORT_KEYS = {"timestamp": UserOperation.timestamp}


def _conditions(caller: Caller, q: OperationQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(UserOperation.tenant_id, q.tenant_ids, q.without_tenant)
    conds += [getattr(UserOperation, name) == value for name, value in q.equal.items() if value]
    conds += executions.within(UserOperation.timestamp, q.after, q.before)
    return conds + caller.tenant_conditions(UserOperation.tenant_id)


def query(tx: Session, caller: Caller, q: OperationQuery, offset: int, limit: int) -> list[UserOperation]:
    order = executions.ordering(q.sorting, SORT_KEYS, UserOperation.seq)
    return list(tx.scalars(select(UserOperation).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: OperationQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(UserOperation).where(*_conditions(caller, q))) or 0)
