"""Process steps (seed 004): every activity instance that does work — an external task, an
asynchronous continuation job, a timer job that failed, a call activity — with its state.

States:
- PENDING: the work exists and waits to be taken up (an external task no worker has fetched
  yet, a job the job executor has not run yet).
- STARTED: taken up (a worker locked the task, the job ran and will retry, a called instance
  runs), or handed back to its delegate by RestartFailedStep or by raised retries.
- FAILED: retries ran out; an incident is open (``incident_id``). RestartFailedStep, or raising
  the retries (SetExternalTaskRetries / SetJobRetries), makes it STARTED again.
- COMPLETED: the execution moved past the activity (the task was completed, the job ran, the
  called instance completed; also SignalExecution, which moves on as if the activity were done).
- CANCELED: the activity was left without its work done (the instance was cancelled or ended
  elsewhere, a boundary event interrupted it, the called instance was terminated, its job was
  deleted (DeleteJob), or a failed step's execution was moved on past it).

The runtime's hooks (work created, paths cleared, executions removed, instances ended) and
those of the external-task service and the job executor (locked, failed, executed) keep the
state; incidents raised and resolved move steps to FAILED and back to STARTED.

``attempts`` counts how often the work was taken up: each fetch of the external task by a
worker, each run of the job, once for a call activity. ``last_error`` is the latest failure a
worker or the job reported. The hot hooks (a task created, locked, completed) are single Core
statements, so steps cost the worker lifecycle little."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import deployments, external_tasks, incidents, jobs, operation_log
from server.engine.errors import visible
from server.engine.failure_models import Incident, ProcessStep
from server.engine.models import Execution, ExternalTask, Job, ProcessInstance
from server.engine.runtime import LISTENERS, LISTENERS_MOVE, Runtime, new_id
from server.engine.variables import TypedValue
from server.errors import FailedPrecondition, PreconditionViolation, Violations, missing_required_field
from server.identity.service import Caller

EXTERNAL_TASK, JOB, CALL_ACTIVITY = "EXTERNAL_TASK", "JOB", "CALL_ACTIVITY"
PENDING, STARTED, COMPLETED, FAILED, CANCELED = "PENDING", "STARTED", "COMPLETED", "FAILED", "CANCELED"
STATES = (PENDING, STARTED, COMPLETED, FAILED, CANCELED)
ACTIVE = (PENDING, STARTED, FAILED)
FINAL = (COMPLETED, CANCELED)
ASYNC_HANDLERS = ("async-before", "async-after")
RUNNING_INSTANCE = ("ACTIVE", "SUSPENDED")
# A restarted job gets the engine's default retries again.
JOB_RETRIES = 3
API_VERSION = "v1"

# Param types of the document (its `type` enum) and the variable type each becomes.
PARAM_TYPES = {"STRING": "string", "LONG": "long", "DOUBLE": "double"}
_PARAM_FIELDS = {"STRING": "str_value", "LONG": "long_value", "DOUBLE": "double_value"}
MAX_PARAM_NAME = 255


@dataclass(frozen=True)
class RawParam:
    """A param as the request gave it: its declared type and the value field that was set."""

    type: str  # STRING, LONG, DOUBLE, or "" when unspecified / unknown
    field: str | None  # str_value, long_value, double_value, or None when no value is set
    value: Any


@dataclass(frozen=True)
class Param:
    type: str
    value: str | int | float

    def typed(self) -> TypedValue:
        return TypedValue(PARAM_TYPES[self.type], self.value)


# -- runtime hooks -------------------------------------------------------------------------

_STEPS = ProcessStep.__table__
_INSERT = insert(_STEPS)


def _insert(rt: Runtime, execution: Execution, activity_id: str, kind: str, subject_id: str, state: str,
            now: datetime, attempts: int | None = None) -> str:
    step_id = new_id()
    rt.tx.connection().execute(_INSERT, {
        "id": step_id, "process_instance_id": execution.process_instance_id,
        "process_definition_id": execution.process_definition_id, "execution_id": execution.id,
        "activity_id": activity_id, "tenant_id": execution.tenant_id, "kind": kind, "subject_id": subject_id,
        "state": state, "params": None, "attempts": (1 if state == STARTED else 0) if attempts is None else attempts,
        "last_error": None,
        "incident_id": None, "created_time": now, "start_time": now if state == STARTED else None,
        "failed_time": None, "end_time": None,
    })
    return step_id


def _set(rt: Runtime, *conditions: ColumnElement[bool], **values: Any) -> None:
    """A Core UPDATE of steps (callers holding ProcessStep objects flush before and refresh
    after)."""
    rt.tx.connection().execute(update(_STEPS).where(*conditions).values(**values))


def _external_task_created(rt: Runtime, task: ExternalTask) -> None:
    execution = rt.tx.get(Execution, task.execution_id)
    assert execution is not None
    _insert(rt, execution, task.activity_id, EXTERNAL_TASK, task.id, PENDING, rt.clock.now())


def _job_created(rt: Runtime, job: Job) -> None:
    if job.handler_type not in ASYNC_HANDLERS or job.execution_id is None:
        return
    execution = rt.tx.get(Execution, job.execution_id)
    assert execution is not None
    _insert(rt, execution, job.activity_id or "", JOB, job.id, PENDING, rt.clock.now())


def _call_activity_started(rt: Runtime, token: Execution, child: ProcessInstance) -> None:
    now = rt.clock.now()
    step_id = _insert(rt, token, token.activity_id or "", CALL_ACTIVITY, child.id, STARTED, now)
    if child.state not in RUNNING_INSTANCE:  # it ran to its end at once
        _set(rt, ProcessStep.id == step_id, state=COMPLETED if child.state == "COMPLETED" else CANCELED,
             end_time=now)
        return
    copy = rt.tx.scalar(
        select(Incident).where(Incident.state == incidents.OPEN, Incident.execution_id == token.id)
        .order_by(Incident.incident_timestamp.desc()).limit(1)
    )
    if copy is not None:  # the called instance failed before it first waited
        root = rt.tx.get(Incident, copy.root_cause_incident_id) if copy.root_cause_incident_id else None
        _set(rt, ProcessStep.id == step_id, incident_id=copy.id,
             last_error=root.incident_message if root is not None else None)


def _instance_ended(rt: Runtime, instance: ProcessInstance) -> None:
    if not instance.super_execution_id:
        return
    _set(rt, ProcessStep.kind == CALL_ACTIVITY, ProcessStep.subject_id == instance.id,
         ProcessStep.state.in_(ACTIVE), state=COMPLETED if instance.state == "COMPLETED" else CANCELED,
         end_time=rt.clock.now(), incident_id=None)


_ACTIVE_OF = (
    select(ProcessStep.id, ProcessStep.kind, ProcessStep.state, ProcessStep.subject_id, ProcessStep.activity_id,
           ProcessStep.incident_id)
    .where(ProcessStep.execution_id.in_(bindparam("ids", expanding=True)), ProcessStep.state.in_(ACTIVE))
)


def _present(rt: Runtime, rows: list[Any]) -> set[str]:
    """Subjects of ``rows`` that still exist (external tasks, jobs; running called instances)."""
    found: set[str] = set()
    for kind, query in (
        (EXTERNAL_TASK, lambda ids: select(ExternalTask.id).where(ExternalTask.id.in_(ids))),
        (JOB, lambda ids: select(Job.id).where(Job.id.in_(ids))),
        (CALL_ACTIVITY, lambda ids: select(ProcessInstance.id).where(ProcessInstance.id.in_(ids),
                                                                     ProcessInstance.state != "COMPLETED")),
    ):
        ids = [r.subject_id for r in rows if r.kind == kind]
        if ids:
            found.update(rt.tx.scalars(query(ids)))
    return found


def _end_steps(rt: Runtime, rows: list[Any], decide: Callable[[Any, bool], str], needs_presence: bool = True) -> None:
    """Ends each row's step in the state ``decide(row, subject_present)`` gives; an open incident
    of a failed step that is cancelled ends as DELETED."""
    if not rows:
        return
    now = rt.clock.now()
    present = _present(rt, rows) if needs_presence else set()
    by_state: dict[str, list[str]] = {}
    abandoned: list[str] = []
    for row in rows:
        state = decide(row, row.subject_id in present)
        by_state.setdefault(state, []).append(row.id)
        if state == CANCELED and row.incident_id:
            abandoned.append(row.incident_id)
    for state, ids in by_state.items():
        values: dict[str, Any] = {"state": state, "end_time": now}
        if state == COMPLETED:
            values["start_time"] = func.coalesce(ProcessStep.start_time, now)
        else:
            values["incident_id"] = None
        _set(rt, ProcessStep.id.in_(ids), **values)
    if abandoned:
        rows_ = list(rt.tx.scalars(select(Incident).where(Incident.id.in_(abandoned),
                                                          Incident.state == incidents.OPEN)))
        incidents.close(rt, rows_, incidents.DELETED)


def _executions_removing(rt: Runtime, ids: list[str]) -> None:
    """Steps whose work is still there when their execution goes were abandoned (CANCELED);
    work that is gone was done (COMPLETED)."""
    if not ids:
        return
    rows = list(rt.tx.connection().execute(_ACTIVE_OF, {"ids": ids}))
    _end_steps(rt, rows, lambda row, present: CANCELED if present else COMPLETED)


def _path_clearing(rt: Runtime, execution_id: str, keep: tuple[str, ...]) -> None:
    """The execution moves on (its task was completed, its wait signalled): the work it had
    is done; a failed step it had is passed by (CANCELED, its incident DELETED). The jobs of
    the activities in ``keep`` stay (the scope's own: its boundary events, its event
    subprocesses' timers), and so do their steps."""
    rows = [r for r in rt.tx.connection().execute(_ACTIVE_OF, {"ids": [execution_id]})
            if r.kind != CALL_ACTIVITY and r.activity_id not in keep]
    if not rows:
        return
    # A failed step whose job is gone is the job that runs now (ExecuteJob): done, not passed by.
    _end_steps(rt, rows, lambda row, present: CANCELED if row.state == FAILED and present else COMPLETED,
               needs_presence=any(r.state == FAILED for r in rows))


def _path_moved(rt: Runtime, old_id: str, new_id_: str) -> None:
    """The scope's path rows moved to a new concurrent child: steps follow their subjects (an
    instance the path called returns to the child: Runtime._expand)."""
    moved_tasks = select(ExternalTask.id).where(ExternalTask.execution_id == new_id_)
    moved_jobs = select(Job.id).where(Job.execution_id == new_id_)
    moved_calls = select(ProcessInstance.id).where(ProcessInstance.super_execution_id == new_id_)
    rt.tx.flush()
    _set(rt, ProcessStep.execution_id == old_id, ProcessStep.state.in_(ACTIVE),
         or_(and_(ProcessStep.kind == EXTERNAL_TASK, ProcessStep.subject_id.in_(moved_tasks)),
             and_(ProcessStep.kind == JOB, ProcessStep.subject_id.in_(moved_jobs)),
             and_(ProcessStep.kind == CALL_ACTIVITY, ProcessStep.subject_id.in_(moved_calls))),
         execution_id=new_id_)


_LOCKED_WHERE = (_STEPS.c.subject_id == bindparam("subject"), _STEPS.c.kind == EXTERNAL_TASK,
                 _STEPS.c.state.in_((PENDING, STARTED)))
_LOCKED = update(_STEPS).where(*_LOCKED_WHERE).values(
    state=STARTED, attempts=_STEPS.c.attempts + 1, start_time=func.coalesce(_STEPS.c.start_time, bindparam("now")))


def _task_locked(rt: Runtime, task: ExternalTask) -> None:
    """A worker fetched the task: one more attempt."""
    rt.tx.connection().execute(_LOCKED, {"subject": task.id, "now": rt.clock.now()})


def _task_failed(rt: Runtime, task: ExternalTask) -> None:
    """A worker reported a failure (retries may be left; at 0 the incident made the step FAILED)."""
    _set(rt, ProcessStep.subject_id == task.id, ProcessStep.kind == EXTERNAL_TASK, ProcessStep.state.in_(ACTIVE),
         last_error=task.error_message, start_time=func.coalesce(ProcessStep.start_time, rt.clock.now()))


def _job_failed(rt: Runtime, job: Job) -> None:
    now = rt.clock.now()
    if not job.handler_type.startswith("timer") or job.execution_id is None:
        pass
    elif rt.tx.scalar(select(ProcessStep.id).where(ProcessStep.subject_id == job.id, ProcessStep.kind == JOB)
                      .limit(1)) is None:
        execution = rt.tx.get(Execution, job.execution_id)
        if execution is not None:  # a timer that fails becomes a step at its first failure
            _insert(rt, execution, job.activity_id or "", JOB, job.id, STARTED, now, attempts=0)
    _set(rt, ProcessStep.subject_id == job.id, ProcessStep.kind == JOB, ProcessStep.state.in_(ACTIVE),
         last_error=job.exception_message, attempts=ProcessStep.attempts + 1,
         start_time=func.coalesce(ProcessStep.start_time, now))
    _set(rt, ProcessStep.subject_id == job.id, ProcessStep.kind == JOB, ProcessStep.state == PENDING,
         state=STARTED)


def _job_executed(rt: Runtime, job: Job) -> None:
    now = rt.clock.now()
    _set(rt, ProcessStep.subject_id == job.id, ProcessStep.kind == JOB, ProcessStep.state.in_(ACTIVE),
         state=COMPLETED, attempts=ProcessStep.attempts + 1, start_time=func.coalesce(ProcessStep.start_time, now),
         end_time=now, incident_id=None)


def _job_deleted(rt: Runtime, job: Job) -> None:
    """DeleteJob: the work will not be done; whatever moves the execution on later passes by a
    step that is already over."""
    _set(rt, ProcessStep.subject_id == job.id, ProcessStep.kind == JOB, ProcessStep.state.in_(ACTIVE),
         state=CANCELED, end_time=rt.clock.now(), incident_id=None)


def _incidents_raised(rt: Runtime, chain: list[Incident], actor_user_id: int | None, custom: bool) -> None:
    root = chain[0]
    now = rt.clock.now()
    if not custom and root.configuration:
        failing = and_(ProcessStep.subject_id == root.configuration, ProcessStep.kind.in_((EXTERNAL_TASK, JOB)),
                       ProcessStep.state.in_(ACTIVE))
        found = rt.tx.scalar(select(ProcessStep.id).where(failing).limit(1))
        if found is None and root.execution_id:
            job = rt.tx.get(Job, root.configuration)
            execution = rt.tx.get(Execution, root.execution_id)
            if job is not None and execution is not None:  # a timer whose retries were set to 0
                _insert(rt, execution, job.activity_id or root.failed_activity_id or "", JOB, job.id, STARTED, now,
                        attempts=0)
        _set(rt, failing, state=FAILED, incident_id=root.id, failed_time=now,
             last_error=func.coalesce(root.incident_message, ProcessStep.last_error),
             start_time=func.coalesce(ProcessStep.start_time, now))
    for copy in chain[1:]:  # the calling executions' call-activity steps show the open copy
        _set(rt, ProcessStep.kind == CALL_ACTIVITY, ProcessStep.execution_id == copy.execution_id,
             ProcessStep.state.in_(ACTIVE), incident_id=copy.id,
             last_error=func.coalesce(root.incident_message, ProcessStep.last_error))


def _incidents_closed(rt: Runtime, closed: list[Incident], state: str, actor_user_id: int | None) -> None:
    ids = [i.id for i in closed]
    if state == incidents.RESOLVED:  # retries raised or restarted: handed back to the delegate
        _set(rt, ProcessStep.incident_id.in_(ids), ProcessStep.state == FAILED, state=STARTED,
             start_time=rt.clock.now())
    _set(rt, ProcessStep.incident_id.in_(ids), incident_id=None)


def _instance_records_deleted(tx: Session, instance_ids: object) -> None:
    tx.execute(delete(ProcessStep).where(ProcessStep.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]
    tx.execute(delete(Incident).where(Incident.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]


LISTENERS.external_task_created.append(_external_task_created)
LISTENERS.job_created.append(_job_created)
LISTENERS.call_activity_started.append(_call_activity_started)
LISTENERS.instance_ended.append(_instance_ended)
LISTENERS.executions_removing.append(_executions_removing)
LISTENERS.path_clearing.append(_path_clearing)
LISTENERS_MOVE.append(_path_moved)
incidents.HOOKS.raised.append(_incidents_raised)
incidents.HOOKS.closed.append(_incidents_closed)
deployments.INSTANCE_RECORD_DELETERS.append(_instance_records_deleted)
external_tasks.HOOKS.locked.append(_task_locked)
external_tasks.HOOKS.failed.append(_task_failed)
jobs.HOOKS.failed.append(_job_failed)
jobs.HOOKS.executed.append(_job_executed)
jobs.HOOKS.deleted.append(_job_deleted)


# -- reading -------------------------------------------------------------------------------


def get_step(tx: Session, caller: Caller, step_id: str) -> ProcessStep:
    if not step_id:
        raise missing_required_field("process_step_id")
    row = tx.get(ProcessStep, step_id)
    return visible(caller, row, "process step", "PROCESS_STEP_NOT_FOUND", step_id, "process_step_id")


def list_steps(
    tx: Session, caller: Caller, *, process_instance_id: str, states: list[str], execution_id: str,
    activity_id: str, offset: int, limit: int,
) -> list[ProcessStep]:
    """Steps in creation order (then id)."""
    conds: list[ColumnElement[bool]] = []
    if process_instance_id:
        conds.append(ProcessStep.process_instance_id == process_instance_id)
    if execution_id:
        conds.append(ProcessStep.execution_id == execution_id)
    if activity_id:
        conds.append(ProcessStep.activity_id == activity_id)
    if states:
        conds.append(ProcessStep.state.in_(states))
    conds += caller.tenant_conditions(ProcessStep.tenant_id)
    stmt = (select(ProcessStep).where(*conds).order_by(ProcessStep.created_time, ProcessStep.id)
            .offset(offset).limit(limit))
    return list(tx.scalars(stmt))


# -- restarting and completing --------------------------------------------------------------


def check_params(raw: Mapping[str, RawParam], field: str = "params") -> dict[str, Param]:
    """Every param must name its type and set exactly the value field of that type."""
    problems = Violations()
    out: dict[str, Param] = {}
    for name, given in raw.items():
        path = f"{field}[{name}]"
        if not name or len(name) > MAX_PARAM_NAME:
            problems.add(path, f"a param name has 1 to {MAX_PARAM_NAME} characters", "INVALID_PARAM_NAME")
            continue
        if given.type not in PARAM_TYPES:
            problem = f"unknown type {given.type}" if given.type else "type is required"
            problems.add(f"{path}.type", f"{problem}: STRING, LONG or DOUBLE", "INVALID_PARAM_VALUE")
            continue
        expected = _PARAM_FIELDS[given.type]
        if given.field != expected:
            got = f"{given.field} is set" if given.field else "no value is set"
            problems.add(f"{path}.{expected}", f"a {given.type} param needs {expected}; {got}", "INVALID_PARAM_VALUE")
            continue
        value = given.value
        if given.type == "DOUBLE" and (math.isnan(value) or math.isinf(value)):
            problems.add(f"{path}.double_value", "a DOUBLE param must be a finite number", "INVALID_PARAM_VALUE")
            continue
        out[name] = Param(given.type, value)
    problems.raise_if_any("INVALID_PARAM_VALUE")
    return out


def encode_params(params: Mapping[str, Param]) -> dict[str, dict[str, Any]]:
    return {name: {"type": p.type, "value": p.value} for name, p in params.items()}


def decode_params(stored: Mapping[str, Any] | None) -> dict[str, Param]:
    return {name: Param(v["type"], v["value"]) for name, v in (stored or {}).items()}


@dataclass
class StepResult:
    step: ProcessStep
    params: dict[str, Param]
    timestamp: datetime


def _preconditions(step: ProcessStep, instance: ProcessInstance | None, allowed: tuple[str, ...],
                   step_reason: str, step_message: str) -> None:
    violations: list[PreconditionViolation] = []
    if instance is None or instance.state not in RUNNING_INSTANCE:
        state = instance.state if instance is not None else "DELETED"
        violations.append(PreconditionViolation(
            "PROCESS_INSTANCE_ENDED", step.process_instance_id,
            f"process instance {step.process_instance_id} has ended ({state.lower()})"))
    elif instance.state == "SUSPENDED":
        violations.append(PreconditionViolation(
            "PROCESS_INSTANCE_SUSPENDED", step.process_instance_id,
            f"process instance {step.process_instance_id} is suspended; activate it first"))
    if step.state not in allowed:
        violations.append(PreconditionViolation(step_reason, step.id, step_message))
    if violations:
        first = violations[0]
        raise FailedPrecondition(
            first.type,
            "; ".join(v.description for v in violations),
            metadata={"type": "precondition_failed", "process_step_id": step.id, "state": step.state,
                      "process_instance_id": step.process_instance_id,
                      "failed_conditions": [v.type for v in violations]},
            precondition_violations=violations,
        )


def _lock(tx: Session, clock: Clock, caller: Caller, step_id: str) -> tuple[Runtime, ProcessStep, ProcessInstance | None]:
    step = get_step(tx, caller, step_id)
    rt = Runtime(tx, clock)
    instance = tx.get(ProcessInstance, step.process_instance_id)
    if instance is not None and instance.state in RUNNING_INSTANCE:
        rt.lock_instance(instance.id)
        # Read again as the calls that held the instance before this one left them: a row gone
        # meanwhile is NOT_FOUND, as after them (refresh would fail on it: INTERNAL).
        step = get_step(tx, caller, step_id)
        instance = tx.get(ProcessInstance, step.process_instance_id)
    return rt, step, instance


def restart_failed_step(tx: Session, clock: Clock, caller: Caller, step_id: str,
                        raw_params: Mapping[str, RawParam]) -> StepResult:
    """RestartFailedStep: in this one transaction the params become local variables of the
    step's execution, retries are reset, the step's delegate gets the work again (an external
    task becomes fetchable at once, a job is due now) and its open incidents are resolved."""
    params = check_params(raw_params)
    rt, step, instance = _lock(tx, clock, caller, step_id)
    _preconditions(step, instance, (FAILED,), "PROCESS_STEP_NOT_FAILED",
                   f"process step {step.id} is {step.state.lower()}, not failed; only a failed step can be restarted")
    execution = tx.get(Execution, step.execution_id)
    assert execution is not None, "a failed step of a running instance has its execution"
    operation = operation_log.Operation(tx, clock, caller, "RestartFailedStep")  # before the variables
    for name, param in params.items():
        rt.set_local(execution, name, param.typed())
    _hand_back(rt, step)
    step.params = encode_params(params)
    open_rows = list(tx.scalars(select(Incident).where(
        Incident.state == incidents.OPEN,
        or_(Incident.id == step.incident_id,
            and_(Incident.configuration == step.subject_id, Incident.incident_type.in_(incidents.RETRY_TYPES))),
    )))
    tx.flush()
    if open_rows:
        incidents.close(rt, open_rows, incidents.RESOLVED, caller.user_id)
    _log(rt, operation, step, params)
    now = rt.clock.now()
    _set(rt, ProcessStep.id == step.id, state=STARTED, start_time=now, incident_id=None)
    rt.run()  # the params reach the instance's conditional events (server.engine.conditions)
    tx.refresh(step)
    return StepResult(step, params, now)


def _log(rt: Runtime, operation: operation_log.Operation, step: ProcessStep, params: Mapping[str, Param]) -> None:
    """The operation log's entries of a call on a step: one per parameter given, by name."""
    definition = rt.definition(step.process_definition_id)
    operation.entry(operation_log.of_step(step, definition.key),
                    *((name, None, params[name].value) for name in sorted(params)))


def _hand_back(rt: Runtime, step: ProcessStep) -> None:
    """Resets the step's external task or job so its delegate takes it up at once."""
    now = rt.clock.now()
    if step.kind == EXTERNAL_TASK:
        task = rt.tx.scalar(select(ExternalTask).where(ExternalTask.id == step.subject_id).with_for_update())
        if task is None:
            raise _subject_gone(step)
        task.retries = None
        task.worker_id = None
        task.lock_expiration = None  # also the end of a retry timeout
        external_tasks.notify_after_commit(rt.tx)  # wakes long polls and task streams
    elif step.kind == JOB:
        job = rt.tx.scalar(select(Job).where(Job.id == step.subject_id).with_for_update())
        if job is None:
            raise _subject_gone(step)
        job.retries = JOB_RETRIES
        job.due_date = now
        job.lock_owner = None
        job.lock_expiration = None
        jobs.notify_after_commit(rt.tx)  # wakes the job executor
    else:
        raise _subject_gone(step)


def _subject_gone(step: ProcessStep) -> FailedPrecondition:
    return FailedPrecondition(
        "PROCESS_STEP_WORK_GONE",
        f"the {step.kind.lower().replace('_', ' ')} of process step {step.id} no longer exists",
        metadata={"type": "precondition_failed", "process_step_id": step.id, "subject_id": step.subject_id},
        precondition_violations=[PreconditionViolation("PROCESS_STEP_WORK_GONE", step.id,
                                                       f"{step.kind.lower()} {step.subject_id} no longer exists")],
    )


def complete_step(tx: Session, clock: Clock, caller: Caller, step_id: str,
                  raw_params: Mapping[str, RawParam]) -> StepResult:
    """CompleteStep (an admin operation): completes a PENDING or STARTED external-task step as
    its worker would, without holding the lock; the params become variables (set where they
    live, else on the instance) and the instance moves on."""
    caller.require_admin("complete a process step without its worker")
    params = check_params(raw_params)
    rt, step, instance = _lock(tx, clock, caller, step_id)
    if step.kind != EXTERNAL_TASK:
        raise FailedPrecondition(
            "PROCESS_STEP_NOT_COMPLETABLE",
            f"process step {step.id} is a {step.kind.lower().replace('_', ' ')} step; only external-task steps "
            "can be completed here (a job runs with ExecuteJob, a called instance completes itself)",
            metadata={"type": "precondition_failed", "process_step_id": step.id, "kind": step.kind},
            precondition_violations=[PreconditionViolation("PROCESS_STEP_NOT_COMPLETABLE", step.id,
                                                           f"kind {step.kind} cannot be completed")],
        )
    _preconditions(step, instance, (PENDING, STARTED), "PROCESS_STEP_NOT_ACTIVE",
                   f"process step {step.id} is {step.state.lower()}; only a pending or started step can be completed")
    task = tx.scalar(select(ExternalTask).where(ExternalTask.id == step.subject_id).with_for_update())
    execution = tx.get(Execution, step.execution_id)
    if task is None or execution is None:
        raise _subject_gone(step)
    now = rt.clock.now()
    step.params = encode_params(params)
    step.attempts = max(step.attempts, 1)
    operation = operation_log.Operation(tx, clock, caller, "CompleteStep")  # before the variables
    rt.set_variables(execution, {name: p.typed() for name, p in params.items()})
    _log(rt, operation, step, params)
    tx.flush()
    # As a worker's Complete: clears the task (the path moves on: the step is COMPLETED) and
    # leaves the activity.
    rt.signal_execution(execution, {})
    tx.refresh(step)
    return StepResult(step, params, now)


