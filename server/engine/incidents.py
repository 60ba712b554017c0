"""Engine incidents (seed 000): a failure of a process instance at an activity.

Incidents of type ``failedJob`` and ``failedExternalTask`` are raised by the job executor and the
external-task service when retries reach 0 (``raise_incident``) and resolved when retries are
raised again (``resolve_by_configuration``) or the step is restarted; other types come from
``ExecutionService.CreateIncident`` and are resolved by ``IncidentService.ResolveIncident``.

Cause and root cause: a new incident is its own cause and root cause. When its instance was
started by a call activity, the calling execution gets a copy (same type, no message or
configuration, as in the document's engine) whose cause is the incident one level down and
whose root cause is the original; and so on up the whole chain. Closing an incident closes
every incident it caused, transitively, so resolving the root removes the chain's copies.

When an execution is removed (its instance ended or was cancelled, its activity interrupted),
its open incidents end as DELETED, not RESOLVED: nobody fixed them; the work they stood for
is gone. Both end states move a linked desk incident to ``mitigated``.

A timer start event's job runs before any instance exists: when it fails for the last time,
its failedJob incident names the process definition and the start event, and no execution
(``raise_start_incident``); it ends as DELETED when the job is removed with its definition's
version, and goes with the deployment when that is deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy import ColumnElement, and_, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import deployments, executions, operation_log
from server.engine.errors import not_found, precondition, visible
from server.engine.failure_models import MAX_ANNOTATION, MAX_CONFIGURATION_BYTES, MAX_INCIDENT_TYPE, Incident
from server.engine.models import Execution, Job, ProcessInstance
from server.engine.runtime import LISTENERS, LISTENERS_MOVE, Runtime, new_id
from server.errors import FieldViolation, InvalidArgument, invalid_field, missing_required_field
from server.identity.service import Caller

FAILED_JOB = "failedJob"
FAILED_EXTERNAL_TASK = "failedExternalTask"
# Types whose incidents end when retries are raised, not by ResolveIncident.
RETRY_TYPES = frozenset({FAILED_JOB, FAILED_EXTERNAL_TASK})

OPEN, RESOLVED, DELETED = "OPEN", "RESOLVED", "DELETED"
STATES = (OPEN, RESOLVED, DELETED)


# Hooks of the modules built on incidents (process steps, the desk link):
# raised(rt, chain, actor_user_id, custom): chain[0] is the new incident, then its copies up the
#   call chain; custom: it came from CreateIncident, not from a failure of the engine's work.
# closed(rt, incidents, state, actor_user_id): incidents that just ended as RESOLVED or DELETED.
@dataclass
class IncidentHooks:
    raised: list[Callable[[Runtime, list[Incident], "int | None", bool], None]]
    closed: list[Callable[[Runtime, list[Incident], str, "int | None"], None]]


HOOKS = IncidentHooks(raised=[], closed=[])


# -- raising --------------------------------------------------------------------------------


def raise_incident(
    rt: Runtime,
    execution: Execution,
    *,
    incident_type: str,
    message: str | None,
    configuration: str | None,
    activity_id: str | None = None,
    job_definition_id: str | None = None,
    actor_user_id: int | None = None,
) -> Incident:
    """Opens an incident on ``execution`` (and its copies up the call chain) in the caller's
    transaction, for work of the engine that failed: a job or an external task (configuration
    = its id) whose step becomes FAILED. ``activity_id`` is the failed activity (default: the
    execution's activity). Returns the new root incident."""
    return _raise(rt, execution, incident_type=incident_type, message=message, configuration=configuration,
                  activity_id=activity_id, job_definition_id=job_definition_id, actor_user_id=actor_user_id,
                  custom=False)


def raise_start_incident(rt: Runtime, job: Job, *, message: str | None) -> Incident:
    """Opens the failedJob incident of a timer start event's ``job`` at 0 retries. Raising the
    job's retries resolves it, as it does any failedJob incident."""
    return _raise(rt, job, incident_type=FAILED_JOB, message=message, configuration=job.id,
                  activity_id=job.activity_id, job_definition_id=job.job_definition_id, actor_user_id=None,
                  custom=False)


def _raise(
    rt: Runtime,
    at: Execution | Job,
    *,
    incident_type: str,
    message: str | None,
    configuration: str | None,
    activity_id: str | None,
    job_definition_id: str | None,
    actor_user_id: int | None,
    custom: bool,
) -> Incident:
    """An incident on the execution ``at``, or, for a Job (a timer start event's), on no execution."""
    now = rt.clock.now()
    failed_activity = activity_id or at.activity_id
    incident_id = new_id()
    root = Incident(
        id=incident_id,
        incident_type=incident_type,
        incident_message=message,
        incident_timestamp=now,
        configuration=configuration,
        execution_id=at.id if isinstance(at, Execution) else None,
        process_instance_id=at.process_instance_id,
        process_definition_id=at.process_definition_id,
        process_definition_key=at.process_definition_key,
        activity_id=at.activity_id or failed_activity,
        failed_activity_id=failed_activity,
        cause_incident_id=incident_id,
        root_cause_incident_id=incident_id,
        tenant_id=at.tenant_id,
        job_definition_id=job_definition_id,
        state=OPEN,
    )
    chain = [root]
    rt.tx.add(root)
    instance = rt.tx.get(ProcessInstance, at.process_instance_id) if at.process_instance_id else None
    seen = {at.process_instance_id}
    while instance is not None and instance.super_execution_id:
        caller = rt.tx.get(Execution, instance.super_execution_id)
        if caller is None or caller.process_instance_id in seen:
            break
        seen.add(caller.process_instance_id)
        copy = Incident(
            id=new_id(),
            incident_type=incident_type,
            incident_message=None,
            incident_timestamp=now,
            configuration=None,
            execution_id=caller.id,
            process_instance_id=caller.process_instance_id,
            process_definition_id=caller.process_definition_id,
            process_definition_key=caller.process_definition_key,
            activity_id=caller.activity_id,
            failed_activity_id=caller.activity_id,
            cause_incident_id=chain[-1].id,
            root_cause_incident_id=incident_id,
            tenant_id=caller.tenant_id,
            job_definition_id=None,
            state=OPEN,
        )
        rt.tx.add(copy)
        chain.append(copy)
        instance = rt.tx.get(ProcessInstance, caller.process_instance_id)
    rt.tx.flush()
    for hook in HOOKS.raised:
        hook(rt, chain, actor_user_id, custom)
    return root


def resolve_by_configuration(rt: Runtime, incident_type: str, configuration: str,
                             actor_user_id: int | None = None) -> None:
    """Resolves the open incidents of ``incident_type`` raised for ``configuration`` (a job or
    external task id whose retries were raised above 0), with their copies."""
    rows = list(
        rt.tx.scalars(
            select(Incident).where(
                Incident.state == OPEN,
                Incident.incident_type == incident_type,
                Incident.configuration == configuration,
            ).with_for_update()
        )
    )
    if rows:
        close(rt, rows, RESOLVED, actor_user_id)


def open_incidents_for(tx: Session, incident_type: str, configuration: str) -> list[Incident]:
    """The open incidents raised for ``configuration`` (a job or an external task id)."""
    return list(
        tx.scalars(
            select(Incident).where(
                Incident.state == OPEN, Incident.incident_type == incident_type,
                Incident.configuration == configuration,
            ).order_by(Incident.incident_timestamp, Incident.id)
        )
    )


# -- closing --------------------------------------------------------------------------------


def close(rt: Runtime, incidents: Iterable[Incident], state: str, actor_user_id: int | None = None) -> list[Incident]:
    """Ends open incidents and every open incident they caused (their copies up the call
    chain); returns all that ended."""
    now = rt.clock.now()
    ended: dict[str, Incident] = {i.id: i for i in incidents if i.state == OPEN}
    frontier = list(ended)
    while frontier:
        caused = [
            row
            for row in rt.tx.scalars(
                select(Incident).where(
                    Incident.state == OPEN, Incident.cause_incident_id.in_(frontier), Incident.id.not_in(frontier)
                )
            )
            if row.id not in ended
        ]
        for row in caused:
            ended[row.id] = row
        frontier = [row.id for row in caused]
    rows = list(ended.values())
    for row in rows:
        row.state = state
        row.end_time = now
    rt.tx.flush()
    if rows:
        for hook in HOOKS.closed:
            hook(rt, rows, state, actor_user_id)
    return rows


_OPEN_ON = select(Incident.__table__.c.id).where(
    Incident.__table__.c.state == OPEN, Incident.__table__.c.execution_id.in_(bindparam("ids", expanding=True))
).limit(1)


def _executions_removing(rt: Runtime, ids: list[str]) -> None:
    if not ids:
        return
    if rt.tx.connection().execute(_OPEN_ON, {"ids": ids}).first() is None:
        return
    rows = list(rt.tx.scalars(select(Incident).where(Incident.state == OPEN, Incident.execution_id.in_(ids))))
    close(rt, rows, DELETED)


def _path_moved(rt: Runtime, old_id: str, new_id_: str) -> None:
    """A scope's path moved to a new concurrent child: its incidents follow it, except those
    of the scope's own waits (its boundary events, its event subprocesses' timers: they stay with
    the scope, as their jobs do)."""
    scope = rt.tx.get(Execution, old_id)
    if scope is None:
        return
    kept = rt.scope_waits(scope)
    stmt = update(Incident).where(Incident.state == OPEN, Incident.execution_id == old_id)
    if kept:
        stmt = stmt.where(or_(Incident.failed_activity_id.is_(None), Incident.failed_activity_id.not_in(kept)))
    rt.tx.execute(stmt.values(execution_id=new_id_).execution_options(synchronize_session="fetch"))


def _start_jobs_removing(rt: Runtime, job_ids: list[str], definitions_deleted: bool) -> None:
    """The incidents of removed timer start jobs end as DELETED (a linked desk incident is told);
    with a deleted deployment they are then removed, as its instances' incidents are."""
    mine = (Incident.incident_type == FAILED_JOB, Incident.execution_id.is_(None),
            Incident.configuration.in_(job_ids))
    rows = list(rt.tx.scalars(select(Incident).where(Incident.state == OPEN, *mine)))
    if rows:
        close(rt, rows, DELETED)
    if definitions_deleted:
        rt.tx.execute(delete(Incident).where(*mine).execution_options(synchronize_session=False))


LISTENERS.executions_removing.append(_executions_removing)
LISTENERS_MOVE.append(_path_moved)
deployments.START_JOBS_REMOVING.append(_start_jobs_removing)


# -- the RPCs' domain functions -------------------------------------------------------------


def _check_length(field_name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise invalid_field(field_name, f"at most {limit} characters (got {len(value)})")


def _check_bytes(field_name: str, value: str, limit: int) -> None:
    size = len(value.encode("utf-8"))
    if size > limit:
        raise invalid_field(field_name, f"at most {limit} bytes in UTF-8 (got {size})", max_bytes=limit, bytes=size)


def create_incident(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, incident_type: str, configuration: str,
    message: str,
) -> Incident:
    """ExecutionService.CreateIncident: a custom incident on an execution at an activity."""
    if not execution_id:
        raise missing_required_field("execution_id")
    if not incident_type:
        raise missing_required_field("incident_type")
    _check_length("incident_type", incident_type, MAX_INCIDENT_TYPE)
    _check_bytes("configuration", configuration, MAX_CONFIGURATION_BYTES)
    if incident_type in RETRY_TYPES:
        raise InvalidArgument(
            "RESERVED_INCIDENT_TYPE",
            f"incident_type {incident_type!r} is raised by the engine when retries run out; use a type of your own",
            metadata={"type": "bad_request", "subtype": "reserved_incident_type", "field_name": "incident_type",
                      "value": incident_type},
            field_violations=[FieldViolation("incident_type", f"{incident_type!r} is reserved",
                                             "RESERVED_INCIDENT_TYPE")],
        )
    rt = Runtime(tx, clock)
    execution = executions.held_execution(rt, caller, execution_id)  # it may have moved on, or gone
    if execution.activity_id is None:
        raise precondition(
            "EXECUTION_NOT_AT_ACTIVITY",
            f"execution {execution.id} is not at an activity (it only holds child executions); "
            "create the incident on the child execution at the failing activity",
            execution.id,
        )
    incident = _raise(rt, execution, incident_type=incident_type, message=message or None,
                      configuration=configuration or None, activity_id=None, job_definition_id=None,
                      actor_user_id=caller.user_id, custom=True)
    operation_log.Operation(tx, clock, caller, "CreateIncident").entry(
        operation_log.of_incident(incident), ("incidentType", None, incident_type))
    return incident


def get_incident(tx: Session, caller: Caller, incident_id: str, field_name: str = "id") -> Incident:
    """The incident ``incident_id`` (the request's ``field_name``) if the caller sees its tenant."""
    if not incident_id:
        raise missing_required_field(field_name)
    row = tx.get(Incident, incident_id)
    return visible(caller, row, "incident", "INCIDENT_NOT_FOUND", incident_id, field_name)


def resolve_incident(tx: Session, clock: Clock, caller: Caller, incident_id: str) -> Incident:
    """IncidentService.ResolveIncident: ends an open custom incident and its copies."""
    row = get_incident(tx, caller, incident_id, "incident_id")
    rt = Runtime(tx, clock)
    if row.process_instance_id and tx.get(Execution, row.process_instance_id) is not None:
        rt.lock_instance(row.process_instance_id)
        # Read again as the calls that held the instance before this one left it: an incident
        # gone meanwhile is NOT_FOUND, as after them (refresh would fail on it: INTERNAL).
        row = get_incident(tx, caller, incident_id, "incident_id")
    if row.state != OPEN:
        raise precondition("INCIDENT_NOT_OPEN", f"incident {row.id} is already {row.state.lower()}", row.id,
                           state=row.state)
    if row.incident_type in RETRY_TYPES:
        what = ("JobService.SetJobRetries" if row.incident_type == FAILED_JOB
                else "ExternalTaskService.SetExternalTaskRetries")
        raise precondition(
            "INCIDENT_RESOLVED_BY_RETRIES",
            f"an incident of type {row.incident_type} ends when its retries are raised: call {what} with "
            "retries > 0, or restart the failed step (ProcessStepService.RestartFailedStep)",
            row.id,
            incident_type=row.incident_type,
            configuration=row.configuration or "",
        )
    if row.root_cause_incident_id and row.root_cause_incident_id != row.id:
        raise precondition(
            "INCIDENT_NOT_ROOT_CAUSE",
            f"incident {row.id} is a copy of incident {row.root_cause_incident_id} in a called instance; "
            "resolve the root cause incident, which resolves its copies",
            row.id,
            root_cause_incident_id=row.root_cause_incident_id,
        )
    close(rt, [row], RESOLVED, caller.user_id)
    operation_log.Operation(tx, clock, caller, "Resolve").entry(operation_log.of_incident(row))
    return row


def set_annotation(tx: Session, clock: Clock, caller: Caller, incident_id: str, annotation: str | None) -> Incident:
    """Sets (or with None clears) an incident's annotation, whatever its state; an empty
    annotation is not one (ClearIncidentAnnotation removes it)."""
    if not incident_id:
        raise missing_required_field("incident_id")
    if annotation is not None:
        if not annotation:
            raise missing_required_field("annotation", "annotation is required; ClearIncidentAnnotation removes one")
        _check_length("annotation", annotation, MAX_ANNOTATION)
    row = tx.scalar(select(Incident).where(Incident.id == incident_id).with_for_update())
    if row is None or not caller.sees_tenant(row.tenant_id):
        raise not_found("incident", "INCIDENT_NOT_FOUND", incident_id, "incident_id")
    operation_log.Operation(tx, clock, caller, "SetAnnotation" if annotation is not None else "ClearAnnotation").entry(
        operation_log.of_incident(row), ("annotation", row.annotation, annotation))
    row.annotation = annotation
    return row


# -- the query ------------------------------------------------------------------------------

SORT_KEYS = {
    "incidentId": Incident.id,
    "incidentMessage": Incident.incident_message,
    "incidentTimestamp": Incident.incident_timestamp,
    "incidentType": Incident.incident_type,
    "executionId": Incident.execution_id,
    "activityId": Incident.activity_id,
    "processInstanceId": Incident.process_instance_id,
    "processDefinitionId": Incident.process_definition_id,
    "causeIncidentId": Incident.cause_incident_id,
    "rootCauseIncidentId": Incident.root_cause_incident_id,
    "configuration": Incident.configuration,
    "tenantId": Incident.tenant_id,
}


@dataclass
class IncidentQuery:
    incident_id: str = ""
    incident_type: str = ""
    incident_message: str = ""
    incident_message_like: str = ""
    process_definition_id: str = ""
    process_definition_key_in: tuple[str, ...] = ()
    process_instance_id: str = ""
    execution_id: str = ""
    activity_id: str = ""
    failed_activity_id: str = ""
    cause_incident_id: str = ""
    root_cause_incident_id: str = ""
    configuration: str = ""
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    job_definition_id_in: tuple[str, ...] = ()
    # Incidents in any of these states (OPEN, RESOLVED, DELETED).
    states: tuple[str, ...] = (OPEN,)
    sorting: tuple[tuple[str, str], ...] = ()


def _conditions(caller: Caller, q: IncidentQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    for column, value in (
        (Incident.id, q.incident_id),
        (Incident.incident_type, q.incident_type),
        (Incident.incident_message, q.incident_message),
        (Incident.process_definition_id, q.process_definition_id),
        (Incident.process_instance_id, q.process_instance_id),
        (Incident.execution_id, q.execution_id),
        (Incident.activity_id, q.activity_id),
        (Incident.failed_activity_id, q.failed_activity_id),
        (Incident.cause_incident_id, q.cause_incident_id),
        (Incident.root_cause_incident_id, q.root_cause_incident_id),
        (Incident.configuration, q.configuration),
    ):
        if value:
            conds.append(column == value)
    if q.incident_message_like:
        conds.append(Incident.incident_message.contains(q.incident_message_like, autoescape=True))
    if q.process_definition_key_in:
        conds.append(Incident.process_definition_key.in_(q.process_definition_key_in))
    if q.job_definition_id_in:
        conds.append(Incident.job_definition_id.in_(q.job_definition_id_in))
    if q.tenant_id_in and q.without_tenant_id:
        conds.append(or_(Incident.tenant_id.in_(q.tenant_id_in), Incident.tenant_id.is_(None)))
    elif q.tenant_id_in:
        conds.append(Incident.tenant_id.in_(q.tenant_id_in))
    elif q.without_tenant_id:
        conds.append(Incident.tenant_id.is_(None))
    if set(q.states) != set(STATES):
        conds.append(Incident.state.in_(q.states))
    conds += caller.tenant_conditions(Incident.tenant_id)
    return conds


def _ordering(sorting: Iterable[tuple[str, str]]) -> list[object]:
    """By ``sorting``, then oldest first (and by id)."""
    return executions.ordering(sorting, SORT_KEYS, (Incident.incident_timestamp, Incident.id))


def query_incidents(tx: Session, caller: Caller, q: IncidentQuery, offset: int, limit: int) -> list[Incident]:
    order = _ordering(q.sorting)
    stmt = select(Incident).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)  # type: ignore[arg-type]
    return list(tx.scalars(stmt))


def count_incidents(tx: Session, caller: Caller, q: IncidentQuery) -> int:
    _ordering(q.sorting)
    return int(tx.scalar(select(func.count()).select_from(Incident).where(*_conditions(caller, q))) or 0)


# -- the incident filters of QueryExecutions ------------------------------------------------


def _execution_condition(c: executions.IncidentCriteria) -> ColumnElement[bool]:
    """Executions with an open incident matching every given criterion."""
    conds: list[ColumnElement[bool]] = [Incident.execution_id == Execution.id, Incident.state == OPEN]
    if c.incident_id:
        conds.append(Incident.id == c.incident_id)
    if c.incident_type:
        conds.append(Incident.incident_type == c.incident_type)
    if c.incident_message:
        conds.append(Incident.incident_message == c.incident_message)
    if c.incident_message_like:
        conds.append(Incident.incident_message.contains(c.incident_message_like, autoescape=True))
    return exists().where(and_(*conds))


if _execution_condition not in executions.INCIDENT_CONDITION:
    executions.INCIDENT_CONDITION.append(_execution_condition)


# Process steps and the desk link register their hooks on import; importing them here makes
# sure they are active wherever incidents are raised.
from server.engine import desk_link as _desk_link  # noqa: E402,F401
from server.engine import steps as _steps  # noqa: E402,F401
