"""Process steps (seed 004): every activity instance that does work — an external task, an
asynchronous continuation job, a timer job that failed, a call activity — with its state.

States:
- PENDING: the work exists and waits to be taken up (an external task no worker has locked
  yet, a job the job executor has not run yet).
- STARTED: being worked on (a worker locked the task, a called instance runs) or handed back to
  its delegate by a restart or by raised retries.
- FAILED: retries ran out; an incident is open (``incident_id``). RestartFailedStep, or raising
  the retries (SetRetries / SetJobRetries), makes it STARTED again.
- COMPLETED: the execution moved past the activity (task completed, job ran, called instance
  completed).
- CANCELED: the activity was left without its work being done (instance cancelled, activity
  interrupted by a boundary event, called instance terminated).

The engine notes a step's progress from the runtime's hooks (work created, executions removed,
instances ended, incidents raised and resolved). A worker completing a task or the job executor
running a job leaves no hook, so steps are *settled* against their external task or job before
they are read and whenever their execution gets new work: a subject that is gone means the
step completed, a locked subject means it started; ``last_error`` follows the subject's error.
Settled timestamps are when the engine noticed.

``attempts`` counts how often the step was started: its first start, then each restart (retries
raised or RestartFailedStep). Retries a worker makes within one start show in the external
task's retries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import deployments, incidents
from server.engine.errors import not_found
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


# -- settling: what became of a step's external task or job -----------------------------------


def _settle(rt: Runtime, steps: Iterable[ProcessStep], *, ending: bool = False) -> None:
    """Brings non-final external-task and job steps up to date with their subjects. With
    ``ending`` (the execution is being removed or its path cleared), a subject that still
    exists means the work was abandoned: CANCELED."""
    steps = [s for s in steps if s.state in ACTIVE and s.kind in (EXTERNAL_TASK, JOB)]
    if not steps:
        return
    now = rt.clock.now()
    tasks = {
        row.id: row
        for row in rt.tx.execute(
            select(ExternalTask.id, ExternalTask.worker_id, ExternalTask.error_message)
            .where(ExternalTask.id.in_([s.subject_id for s in steps if s.kind == EXTERNAL_TASK]))
        )
    }
    jobs = {
        row.id: row
        for row in rt.tx.execute(
            select(Job.id, Job.lock_owner, Job.exception_message, Job.handler_type, Job.due_date)
            .where(Job.id.in_([s.subject_id for s in steps if s.kind == JOB]))
        )
    }
    for step in steps:
        if step.kind == EXTERNAL_TASK:
            task = tasks.get(step.subject_id)
            present, locked, error = (task is not None, bool(task and task.worker_id),
                                      task.error_message if task else None)
        else:
            job = jobs.get(step.subject_id)
            present, locked, error = (job is not None, bool(job and job.lock_owner),
                                      job.exception_message if job else None)
            if ending and job is not None and job.handler_type.startswith("timer") and (
                job.lock_owner or (job.due_date is not None and job.due_date <= now)
            ):
                present = False  # a due timer clears its own path as it fires: done, not abandoned
        if error:
            step.last_error = error
        if not present:
            _finish(step, COMPLETED, now)
        elif ending:
            _finish(step, CANCELED, now)
        elif locked and step.state == PENDING:
            _start(step, now)


def _start(step: ProcessStep, now: datetime) -> None:
    step.state = STARTED
    step.start_time = now
    step.attempts = (step.attempts or 0) + 1


def _finish(step: ProcessStep, state: str, now: datetime) -> None:
    if step.state == PENDING and state == COMPLETED:
        step.start_time = step.start_time or now
        step.attempts = max(step.attempts or 0, 1)
    step.state = state
    step.end_time = now
    if state == CANCELED:
        step.incident_id = None


def _active_steps(rt: Runtime, *conditions: ColumnElement[bool]) -> list[ProcessStep]:
    rt.tx.flush()
    return list(rt.tx.scalars(select(ProcessStep).where(ProcessStep.state.in_(ACTIVE), *conditions)))


def settle_where(rt: Runtime, *conditions: ColumnElement[bool]) -> None:
    """Settles the steps matching ``conditions`` with set-based updates (before a list)."""
    now = rt.clock.now()
    rt.tx.flush()
    active = and_(ProcessStep.state.in_((PENDING, STARTED)), *conditions)
    for kind, model, error_column, lock_column in (
        (EXTERNAL_TASK, ExternalTask, ExternalTask.error_message, ExternalTask.worker_id),
        (JOB, Job, Job.exception_message, Job.lock_owner),
    ):
        subject = select(model.id).where(model.id == ProcessStep.subject_id)  # type: ignore[attr-defined]
        of_kind = and_(active, ProcessStep.kind == kind)
        rt.tx.execute(
            update(ProcessStep).where(of_kind, ~subject.exists())
            .values(state=COMPLETED, end_time=now, start_time=func.coalesce(ProcessStep.start_time, now))
            .execution_options(synchronize_session=False)
        )
        rt.tx.execute(
            update(ProcessStep)
            .where(of_kind, ProcessStep.state == PENDING, subject.where(lock_column.is_not(None)).exists())
            .values(state=STARTED, start_time=now, attempts=ProcessStep.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        rt.tx.execute(
            update(ProcessStep)
            .where(of_kind, subject.where(error_column.is_not(None)).exists())
            .values(last_error=select(error_column).where(model.id == ProcessStep.subject_id)  # type: ignore[attr-defined]
                    .scalar_subquery())
            .execution_options(synchronize_session=False)
        )
    rt.tx.expire_all()


# -- runtime hooks -------------------------------------------------------------------------


def _new_step(rt: Runtime, execution: Execution, activity_id: str, kind: str, subject_id: str,
              state: str) -> ProcessStep:
    now = rt.clock.now()
    step = ProcessStep(
        id=new_id(),
        process_instance_id=execution.process_instance_id,
        process_definition_id=execution.process_definition_id,
        execution_id=execution.id,
        activity_id=activity_id,
        tenant_id=execution.tenant_id,
        kind=kind,
        subject_id=subject_id,
        state=state,
        attempts=1 if state == STARTED else 0,
        created_time=now,
        start_time=now if state == STARTED else None,
    )
    rt.tx.add(step)
    return step


def _external_task_created(rt: Runtime, task: ExternalTask) -> None:
    _settle(rt, _active_steps(rt, ProcessStep.execution_id == task.execution_id))
    execution = rt.tx.get(Execution, task.execution_id)
    assert execution is not None
    _new_step(rt, execution, task.activity_id, EXTERNAL_TASK, task.id, PENDING)


def _job_created(rt: Runtime, job: Job) -> None:
    if job.handler_type not in ASYNC_HANDLERS or job.execution_id is None:
        return
    _settle(rt, _active_steps(rt, ProcessStep.execution_id == job.execution_id))
    execution = rt.tx.get(Execution, job.execution_id)
    assert execution is not None
    _new_step(rt, execution, job.activity_id or "", JOB, job.id, PENDING)


def _call_activity_started(rt: Runtime, token: Execution, child: ProcessInstance) -> None:
    _settle(rt, _active_steps(rt, ProcessStep.execution_id == token.id))
    step = _new_step(rt, token, token.activity_id or "", CALL_ACTIVITY, child.id, STARTED)
    if child.state not in RUNNING_INSTANCE:  # it ran to its end at once
        _finish(step, COMPLETED if child.state == "COMPLETED" else CANCELED, rt.clock.now())
    else:
        copy = rt.tx.scalar(
            select(Incident.id).where(Incident.state == incidents.OPEN, Incident.execution_id == token.id)
            .order_by(Incident.incident_timestamp.desc()).limit(1)
        )
        step.incident_id = copy


def _instance_ended(rt: Runtime, instance: ProcessInstance) -> None:
    if not instance.super_execution_id:
        return
    state = COMPLETED if instance.state == "COMPLETED" else CANCELED
    for step in _active_steps(rt, ProcessStep.kind == CALL_ACTIVITY, ProcessStep.subject_id == instance.id):
        _finish(step, state, rt.clock.now())
        step.incident_id = None


def _executions_removing(rt: Runtime, ids: list[str]) -> None:
    if not ids:
        return
    steps = _active_steps(rt, ProcessStep.execution_id.in_(ids))
    _settle(rt, steps, ending=True)
    for step in steps:
        if step.kind == CALL_ACTIVITY and step.state in ACTIVE:
            child = rt.tx.get(ProcessInstance, step.subject_id)
            _finish(step, COMPLETED if child is not None and child.state == "COMPLETED" else CANCELED,
                    rt.clock.now())


def _path_clearing(rt: Runtime, execution_id: str) -> None:
    execution = rt.tx.get(Execution, execution_id)
    keep: tuple[str, ...] = ()
    if execution is not None and execution.scope_activity_id:
        keep = rt.element_of(execution, execution.scope_activity_id).boundary_ids
    steps = [s for s in _active_steps(rt, ProcessStep.execution_id == execution_id) if s.activity_id not in keep]
    _settle(rt, [s for s in steps if s.kind != CALL_ACTIVITY], ending=True)


def _path_moved(rt: Runtime, old_id: str, new_id_: str) -> None:
    """The scope's path rows moved to a new concurrent child: steps follow their subjects."""
    moved_tasks = select(ExternalTask.id).where(ExternalTask.execution_id == new_id_)
    moved_jobs = select(Job.id).where(Job.execution_id == new_id_)
    rt.tx.flush()
    rt.tx.execute(
        update(ProcessStep)
        .where(
            ProcessStep.execution_id == old_id,
            ProcessStep.state.in_(ACTIVE),
            or_(
                and_(ProcessStep.kind == EXTERNAL_TASK, ProcessStep.subject_id.in_(moved_tasks)),
                and_(ProcessStep.kind == JOB, ProcessStep.subject_id.in_(moved_jobs)),
            ),
        )
        .values(execution_id=new_id_)
        .execution_options(synchronize_session="fetch")
    )


def _incidents_raised(rt: Runtime, chain: list[Incident], actor_user_id: int | None, custom: bool) -> None:
    root = chain[0]
    now = rt.clock.now()
    if not custom and root.configuration:
        steps = _active_steps(rt, ProcessStep.subject_id == root.configuration,
                              ProcessStep.kind.in_((EXTERNAL_TASK, JOB)))
        if not steps and root.execution_id:
            job = rt.tx.get(Job, root.configuration)
            execution = rt.tx.get(Execution, root.execution_id)
            if job is not None and execution is not None:  # a timer that failed becomes a step now
                steps = [_new_step(rt, execution, job.activity_id or root.failed_activity_id or "", JOB, job.id,
                                   STARTED)]
        for step in steps:
            step.state = FAILED
            step.incident_id = root.id
            step.failed_time = now
            step.last_error = root.incident_message or step.last_error
            if step.start_time is None:
                step.start_time = now
                step.attempts = max(step.attempts or 0, 1)
    for copy in chain[1:]:  # the calling executions' call-activity steps show the open copy
        for step in _active_steps(rt, ProcessStep.kind == CALL_ACTIVITY, ProcessStep.execution_id == copy.execution_id):
            step.incident_id = copy.id
            step.last_error = root.incident_message or step.last_error


def _incidents_closed(rt: Runtime, closed: list[Incident], state: str, actor_user_id: int | None) -> None:
    ids = [i.id for i in closed]
    now = rt.clock.now()
    for step in _active_steps(rt, ProcessStep.incident_id.in_(ids)):
        step.incident_id = None
        if step.state == FAILED and state == incidents.RESOLVED:
            _start(step, now)


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


# -- reading -------------------------------------------------------------------------------


def get_step(tx: Session, clock: Clock, caller: Caller, step_id: str, *, for_update: bool = False) -> ProcessStep:
    stmt = select(ProcessStep).where(ProcessStep.id == step_id)
    row = tx.scalar(stmt.with_for_update() if for_update else stmt) if step_id else None
    if row is None or not caller.sees_tenant(row.tenant_id):
        raise not_found("process step", "PROCESS_STEP_NOT_FOUND", step_id, "process_step_id")
    _settle(Runtime(tx, clock), [row])
    return row


def list_steps(
    tx: Session, clock: Clock, caller: Caller, *, process_instance_id: str, states: list[str], execution_id: str,
    activity_id: str, offset: int, limit: int,
) -> list[ProcessStep]:
    conds: list[ColumnElement[bool]] = []
    if process_instance_id:
        conds.append(ProcessStep.process_instance_id == process_instance_id)
    if execution_id:
        conds.append(ProcessStep.execution_id == execution_id)
    if activity_id:
        conds.append(ProcessStep.activity_id == activity_id)
    visible = caller.visible_tenants()
    if visible is not None:
        conds.append(ProcessStep.tenant_id.is_(None) | ProcessStep.tenant_id.in_(visible))
    settle_where(Runtime(tx, clock), *conds)
    if states:
        conds.append(ProcessStep.state.in_(states))
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
            problems.add(f"{path}.type", "type is required: STRING, LONG or DOUBLE", "INVALID_PARAM_VALUE")
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
    if not step_id:
        raise missing_required_field("process_step_id")
    step = get_step(tx, clock, caller, step_id)
    rt = Runtime(tx, clock)
    instance = tx.get(ProcessInstance, step.process_instance_id)
    if instance is not None and instance.state in RUNNING_INSTANCE:
        rt.lock_instance(instance.id)
        tx.refresh(instance)
        tx.refresh(step)
        _settle(rt, [step])
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
    for name, param in params.items():
        rt.set_local(execution, name, param.typed())
    _hand_back(rt, step)
    step.params = encode_params(params)
    open_rows = list(tx.scalars(select(Incident).where(
        Incident.state == incidents.OPEN,
        or_(Incident.id == step.incident_id,
            and_(Incident.configuration == step.subject_id, Incident.incident_type.in_(incidents.RETRY_TYPES))),
    )))
    if open_rows:
        incidents.close(rt, open_rows, incidents.RESOLVED, caller.user_id)
    if step.state == FAILED:
        _start(step, rt.clock.now())
        step.incident_id = None
    tx.flush()
    return StepResult(step, params, rt.clock.now())


def _hand_back(rt: Runtime, step: ProcessStep) -> None:
    """Resets the step's external task or job so its delegate takes it up at once."""
    now = rt.clock.now()
    if step.kind == EXTERNAL_TASK:
        task = rt.tx.scalar(select(ExternalTask).where(ExternalTask.id == step.subject_id).with_for_update())
        if task is None:
            raise _subject_gone(step)
        task.retries = None
        task.worker_id = None
        task.lock_expiration = None
        for column in ("retry_time", "retry_at", "next_fetch_time", "available_at"):  # a retry timeout, if kept
            if hasattr(task, column):
                setattr(task, column, None)
    elif step.kind == JOB:
        job = rt.tx.scalar(select(Job).where(Job.id == step.subject_id).with_for_update())
        if job is None:
            raise _subject_gone(step)
        job.retries = JOB_RETRIES
        job.due_date = now
        job.lock_owner = None
        job.lock_expiration = None
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
    _finish(step, COMPLETED, now)
    step.params = encode_params(params)
    rt.set_variables(execution, {name: p.typed() for name, p in params.items()})
    tx.delete(task)
    tx.flush()
    rt.leave_current(execution)
    return StepResult(step, params, now)


