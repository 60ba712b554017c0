"""Jobs and the job executor: timers and asynchronous continuations, run when due.

A job is acquirable when it is not suspended, has retries left, is due (``due_date`` unset or
past) and is not locked (``lock_expiration`` unset or past). The executor of each server process
locks a batch of acquirable jobs (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so executors
of other processes skip them; ``lock_owner`` names the executor) and runs each in a transaction
of its own that locks the instance, re-reads the job and deletes it before its work: a job whose
lock expired and that another executor took meanwhile is gone or owned by another, so no job
runs twice; one suspended or set to 0 retries since it was acquired is handed back unrun. A
failed run rolls back; its retries go down in a separate transaction (``record_failure``),
which schedules the retry through ``due_date``.

Time is the application clock's (tests move a ManualClock): the executor looks at the clock
often (cheap) and at the database only when a job it knows of is due, when a job was created in
this process, or every ``poll_seconds`` (jobs of other processes, expired locks)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import ColumnElement, and_, exc, func, or_, select, update
from sqlalchemy.orm import Session

from server.clock import CALENDAR_END, Clock
from server.config import Config
from server.context import AppContext
from server.db import LOST_RACE, writers_take_turns
from server.engine import executions, job_log, operation_log, timers
from server.engine.bpmn import timers as iso
from server.engine.errors import not_found, precondition, suspended, visible
from server.engine.external_tasks import Wakeup, wake_after_commit
from server.engine.models import Execution, Job, ProcessDefinition
from server.engine.runtime import KEY_SHARE, LISTENERS, SPECS, Runtime, new_id
from server.errors import DomainError, NotFound, Violations, invalid_field, missing_required_field
from server.identity.service import Caller

log = logging.getLogger("flowkeeper.jobs")

FAILED_JOB = "failedJob"
DEFAULT_RETRIES = 3
TIMER_HANDLERS = ("timer-intermediate", "timer-boundary", "timer-event-gateway", "timer-start",
                  "timer-start-event-subprocess")
MESSAGE_HANDLERS = ("async-before", "async-after")
# A process definition's scheduled suspension or activation (server.engine.definitions).
SUSPENSION_JOBS = ("suspend-process-definition", "activate-process-definition")
# A job definition's (server.engine.job_definitions, which gives them their JobKind).
JOB_DEFINITION_SUSPENSION_JOBS = ("suspend-job-definition", "activate-job-definition")
# What QueryJobs' ``timers`` finds: the timers of events, and the suspension jobs, which wait for a
# date as timers do (the document's engine makes them timer jobs too).
TIMER_JOBS = TIMER_HANDLERS + SUSPENSION_JOBS + JOB_DEFINITION_SUSPENSION_JOBS

# -- wake-ups of this process's executors -----------------------------------------------------

WAKEUP = Wakeup()


def notify_after_commit(tx: Session) -> None:
    """Wake this process's job executors once ``tx`` commits."""
    wake_after_commit(tx, WAKEUP)


def _job_created(rt: Runtime, job: Job) -> None:
    job_log.logged(rt.tx, job, job_log.CREATED, job.created)
    notify_after_commit(rt.tx)


LISTENERS.job_created.append(_job_created)


# Hooks of the modules built on jobs (process steps): failed(rt, job) after a failure was
# recorded (retries may be 0), executed(rt, job) after a job's work ran (its row is deleted).
@dataclass
class JobHooks:
    failed: list[Callable[[Runtime, Job], None]] = field(default_factory=list)
    executed: list[Callable[[Runtime, Job], None]] = field(default_factory=list)
    # DeleteJob: the job goes unrun (its open failedJob incident is already closed).
    deleted: list[Callable[[Runtime, Job], None]] = field(default_factory=list)


HOOKS = JobHooks()


@dataclass(frozen=True)
class JobKind:
    """A kind of job another module defines (server.engine.batches): ``run(rt, job)`` does its
    work (its row is deleted already); ``hold(rt, job, running)`` takes the locks its work
    needs before the job's own row (``running``: the job is about to run) and says whether the
    job's subject is still there (False: the job goes with it, and is not run)."""

    run: Callable[[Runtime, Job], None]
    hold: Callable[[Runtime, Job, bool], bool]


# handler_type -> its kind; filled by the modules that define them, on their import.
KINDS: dict[str, JobKind] = {}


def kind_of(handler_type: str) -> JobKind | None:
    """The JobKind of a job that is neither a timer, a continuation nor a scheduled suspension."""
    if handler_type in TIMER_HANDLERS or handler_type in MESSAGE_HANDLERS or handler_type in SUSPENSION_JOBS:
        return None
    if handler_type not in KINDS:
        from server.engine import batches, job_definitions  # noqa: F401  (they register their jobs' kinds)
    return KINDS.get(handler_type)


def acquirable(now: datetime) -> ColumnElement[bool]:
    """The condition under which an executor may take a job now."""
    return and_(
        Job.suspended.is_(False),
        Job.retries > 0,
        or_(Job.due_date.is_(None), Job.due_date <= now),
        or_(Job.lock_expiration.is_(None), Job.lock_expiration <= now),
    )


# -- running one job --------------------------------------------------------------------------


def failed() -> ColumnElement[bool]:
    """A failed job: its retries are used up (QueryJobs' no_retries_left, the statistics'
    failed jobs)."""
    return Job.retries == 0


def run_job(rt: Runtime, job: Job) -> None:
    """Does a job's work in the caller's transaction and deletes it; a timer cycle schedules
    its next job. Raises whatever the work raises (the caller rolls back)."""
    tx = rt.tx
    had_incident = job.retries == 0
    job_log.logged(tx, job, job_log.SUCCEEDED, rt.clock.now())  # before what its work does
    tx.delete(job)
    tx.flush()
    if job.handler_type == "timer-start":
        definition = tx.get(ProcessDefinition, job.process_definition_id)
        if definition is not None:
            rt.start_instance(definition, {}, start_event_id=job.activity_id)
            _next_cycle(rt, job)
    elif job.handler_type in MESSAGE_HANDLERS:
        rt.run_async_continuation(job)
    elif job.handler_type in SUSPENSION_JOBS:
        from server.engine import definitions

        definitions.run_scheduled(rt, job)
    elif (kind := kind_of(job.handler_type)) is not None:
        kind.run(rt, job)
    else:
        rt.fire_timer(job)
        _next_cycle(rt, job)
    for hook in HOOKS.executed:
        hook(rt, job)
    if had_incident:
        from server.engine import incidents

        incidents.resolve_by_configuration(rt, FAILED_JOB, job.id)


# The key of a timer cycle job's handler_configuration that holds the due date (ISO 8601) the
# cycle gave the job, when SetJobDueDate moved the job without cascading or a failure moved it
# to its retry (its next firing counts from there); absent, the job's due date is the cycle's.
CYCLE_DUE = "cycle_due"


def _cycle_due(job: Job) -> datetime | None:
    """The due date the next firing of ``job``'s cycle counts from."""
    stored = (job.handler_configuration or {}).get(CYCLE_DUE)
    return datetime.fromisoformat(stored) if stored else job.due_date


def _with_cycle_due(job: Job, due: datetime | None) -> dict[str, Any]:
    """``job``'s handler_configuration saying that its cycle gave it ``due`` (None: its due
    date is the cycle's)."""
    configuration = {k: v for k, v in (job.handler_configuration or {}).items() if k != CYCLE_DUE}
    if due is not None:
        configuration[CYCLE_DUE] = due.isoformat()
    return configuration


def _next_cycle(rt: Runtime, job: Job) -> None:
    """After a cycle timer fired: its next job, while the cycle lasts and (for catch and boundary
    timers) the execution still waits for it. It counts from the due date the cycle gave the
    job that fired (SetJobDueDate without cascade leaves that apart from the job's)."""
    previous = _cycle_due(job)
    if not job.repeat or previous is None:
        return
    following = timers.next_firing(job.repeat, previous)
    if following is None:
        return
    if job.execution_id is not None:
        execution = rt.tx.get(Execution, job.execution_id)
        if execution is None or not _still_waiting(rt, execution, job.activity_id):
            return
    successor = Job(
        id=new_id(),
        handler_type=job.handler_type,
        handler_configuration=_with_cycle_due(job, None),
        due_date=following.due,
        repeat=following.repeat,
        retries=DEFAULT_RETRIES,
        execution_id=job.execution_id,
        process_instance_id=job.process_instance_id,
        process_definition_id=job.process_definition_id,
        process_definition_key=job.process_definition_key,
        activity_id=job.activity_id,
        job_definition_id=job.job_definition_id,
        tenant_id=job.tenant_id,
        suspended=job.suspended,
        priority=job.priority,
        created=rt.clock.now(),
    )
    rt.add_job(successor)


def _still_waiting(rt: Runtime, execution: Execution, activity_id: str | None) -> bool:
    from server.engine.models import EventSubscription

    return rt.tx.scalar(
        select(EventSubscription.id).where(
            EventSubscription.execution_id == execution.id,
            EventSubscription.event_type == "timer",
            EventSubscription.activity_id == activity_id,
        ).limit(1)
    ) is not None


def _for_update(rt: Runtime, job_id: str, running: bool = False) -> Job | None:
    """The job with its instance (a timer start job: its definition; a batch's job: its batch)
    and then its row locked (the runtime's order); None when it is gone. ``running``: the job
    is about to run."""
    job = rt.tx.get(Job, job_id)
    if job is None:
        return None
    kind = kind_of(job.handler_type)
    if kind is not None and not kind.hold(rt, job, running):
        return None
    if job.handler_type == "timer-start" and job.process_definition_id:
        # Its definition's row first (key share): a deployment that replaces or deletes this
        # version's start jobs locks the rows of the key's versions (server.engine.deployments),
        # so it waits for a firing under way and then removes the job of the next firing too,
        # or the firing waits for it and then finds the job gone. Read fresh under the lock, the
        # row also tells the firing whether the definition is suspended (Runtime._suspended).
        held = rt.tx.scalar(select(ProcessDefinition).where(ProcessDefinition.id == job.process_definition_id)
                            .with_for_update(**KEY_SHARE).execution_options(populate_existing=True))
        if held is None:
            return None
        rt.definition_held(held.id)
    if job.process_instance_id:
        try:
            rt.lock_instance(job.process_instance_id)
        except NotFound:  # the instance ended meanwhile, and its jobs with it
            return None
    if writers_take_turns(rt.tx):  # nothing read can have changed meanwhile
        return job
    return rt.tx.scalar(
        select(Job).where(Job.id == job_id).with_for_update().execution_options(populate_existing=True)
    )


def execute_acquired(tx: Session, clock: Clock, job_id: str, owner: str) -> bool:
    """Runs a job this executor acquired; False when it is gone or another executor owns it.
    A job suspended (itself or with its instance) or set to 0 retries since it was acquired is
    handed back instead, unrun: as if those calls had come before the acquisition."""
    rt = Runtime(tx, clock)
    job = _for_update(rt, job_id, running=True)
    if job is None or job.lock_owner != owner:
        return False
    if job.suspended or job.retries <= 0:
        job.lock_owner = None
        job.lock_expiration = None
        return False
    run_job(rt, job)
    return True


@dataclass(frozen=True)
class Failure:
    """What a failed run leaves on the job."""

    message: str
    details: str | None = None

    @classmethod
    def of(cls, error: BaseException, reference_id: str | None = None) -> "Failure":
        if isinstance(error, DomainError):
            details = " ".join(f"{k}={v}" for k, v in sorted(error.metadata.items()))
            return cls(error.message, f"{error.reason}: {details}" if details else error.reason)
        # Unexpected: the traceback stays in the log, under the reference id.
        return cls(f"internal error; reference_id={reference_id or uuid.uuid4().hex}", type(error).__name__)


def _retry_intervals(rt: Runtime, job: Job) -> list[iso.IsoDuration] | None:
    """The waits of camunda:failedJobRetryTimeCycle of the job's activity, or None."""
    if not job.activity_id or not job.process_definition_id:
        return None
    try:
        element = SPECS.get(rt.tx, rt.definition(job.process_definition_id)).elements.get(job.activity_id)
    except DomainError:
        return None
    text = element.retry_time_cycle if element is not None else None
    if not text:
        return None
    try:
        value = text.strip()
        if value.startswith("R"):
            cycle = iso.parse_cycle(value)
            assert cycle.interval is not None
            return [cycle.interval] * max(1, cycle.repetitions or 1)
        return [iso.parse_duration(part) for part in value.split(",")]
    except (ValueError, AssertionError):
        return None


def record_failure(tx: Session, clock: Clock, job_id: str, owner: str | None, failure: Failure) -> Job | None:
    """One failed attempt of a job (its work already rolled back): retries down by one, the
    error stored, the retry scheduled; at 0 retries a failedJob incident, unless the job has
    one open. ``owner`` None: a direct ExecuteJob call. None when the job is gone or another
    executor took it."""
    rt = Runtime(tx, clock)
    job = _for_update(rt, job_id)
    if job is None or (owner is not None and job.lock_owner not in (owner, None)):
        return None
    now = clock.now()
    # A cycle's next firing counts from the due date the cycle gave this job, not from the
    # retry's: kept apart when the retry moves the job.
    cycle_due = _cycle_due(job) if job.repeat else None
    intervals = _retry_intervals(rt, job)
    if intervals and job.exception_message is None:
        job.retries = len(intervals)  # the first failure: the cycle decides the attempts
    if intervals:
        index = min(max(len(intervals) - job.retries, 0), len(intervals) - 1)
        try:
            job.due_date = intervals[index].add_to(now)
        except (ValueError, OverflowError):
            # The wait ends after the year 9999 (R2/P1000000Y): the job waits at the calendar's
            # end, for ExecuteJob or SetJobRetries, instead of failing the engine.
            job.due_date = CALENDAR_END
    else:
        # At once; a job run ahead of its due date (ExecuteJob) keeps it.
        if job.due_date is None or job.due_date < now:
            job.due_date = now
    if cycle_due is not None and cycle_due != job.due_date:
        job.handler_configuration = _with_cycle_due(job, cycle_due)
    job.retries = max(job.retries - 1, 0)
    job.exception_message = failure.message
    job.exception_details = failure.details
    job.lock_owner = None
    job.lock_expiration = None
    tx.flush()
    job_log.logged(tx, job, job_log.FAILED, now)
    if job.retries == 0:
        from server.engine import incidents

        execution = tx.get(Execution, job.execution_id) if job.execution_id else None
        if incidents.open_incidents_for(tx, FAILED_JOB, job.id):
            # Stopped already (SetJobRetries(0) while this attempt ran, or ExecuteJob of a job at
            # 0 retries): a job has one failedJob incident.
            pass
        elif execution is not None:
            incidents.raise_incident(
                rt, execution, incident_type=FAILED_JOB, message=failure.message, configuration=job.id,
                activity_id=job.activity_id, job_definition_id=job.job_definition_id,
            )
        elif job.handler_type == "timer-start" or kind_of(job.handler_type) is not None:
            # No instance: a start timer's (none yet), a batch's job (none at all).
            incidents.raise_start_incident(rt, job, message=failure.message)
        else:
            log.warning("job %s failed for the last time without its execution: %s", job.id, failure.message)
    else:
        notify_after_commit(tx)
    for hook in HOOKS.failed:
        hook(rt, job)
    return job


# -- the JobService's domain functions ----------------------------------------------------------


def get_job(tx: Session, caller: Caller, job_id: str, field_name: str = "id") -> Job:
    """The job ``job_id`` (the request's ``field_name``) if the caller sees its tenant."""
    if not job_id:
        raise missing_required_field(field_name)
    job = tx.get(Job, job_id)
    return visible(caller, job, "job", "JOB_NOT_FOUND", job_id, field_name)


def held_jobs_of_definitions(rt: Runtime, job_definition_ids: Sequence[str]) -> list[Job]:
    """The jobs of job definitions, each held as a call on one job holds it (its instance, then
    its row), instance by instance in one order so that two such calls queue; the jobs that went
    meanwhile are left out."""
    found = rt.tx.execute(select(Job.id).where(Job.job_definition_id.in_(job_definition_ids))
                          .order_by(Job.process_instance_id, Job.id)).scalars().all()
    return [job for job in (_for_update(rt, job_id) for job_id in found) if job is not None]


def _locked_job(rt: Runtime, caller: Caller, job_id: str, field_name: str = "id", running: bool = False) -> Job:
    get_job(rt.tx, caller, job_id, field_name)
    job = _for_update(rt, job_id, running)
    if job is None:
        raise not_found("job", "JOB_NOT_FOUND", job_id, field_name)
    return job


def execute_now(tx: Session, clock: Clock, caller: Caller, job_id: str) -> None:
    """ExecuteJob: run the job in the caller's transaction, due or not."""
    rt = Runtime(tx, clock)
    job = _locked_job(rt, caller, job_id, running=True)
    if job.suspended:
        raise suspended("job", job.id)
    _refuse_locked(job, clock.now())
    subject = operation_log.of_job(job)  # the job's row goes when it has run
    operation = operation_log.Operation(tx, clock, caller, "Execute")  # before the variables it sets
    try:
        run_job(rt, job)
    except (exc.DBAPIError, *LOST_RACE):
        raise  # the unit of work runs again; not the job's own failure
    except Exception as error:
        raise JobFailed(job.id, error) from error
    operation.entry(subject)


class JobFailed(Exception):
    """A job's own work failed in ExecuteJob (the caller records the attempt)."""

    def __init__(self, job_id: str, error: Exception) -> None:
        super().__init__(str(error))
        self.job_id = job_id
        self.error = error


def set_retries(tx: Session, clock: Clock, caller: Caller, job_ids: Sequence[str], retries: int | None) -> list[Job]:
    problems = Violations()
    if not job_ids:
        problems.add("ids", "name at least one job", "MISSING_REQUIRED_FIELD")
    for i, job_id in enumerate(job_ids):
        if not job_id:
            problems.add(f"ids[{i}]", "an id is required", "MISSING_REQUIRED_FIELD")
    if retries is None:
        problems.add("retries", "retries is required", "MISSING_REQUIRED_FIELD")
    elif retries < 0:
        problems.add("retries", f"must not be negative, got {retries}")
    problems.raise_if_any()
    assert retries is not None
    fields: dict[str, str] = {}  # each id and the request field naming it first
    for i, job_id in enumerate(job_ids):
        fields.setdefault(job_id, f"ids[{i}]")
    unique_ids = list(fields)
    found = {job_id: get_job(tx, caller, job_id, fields[job_id]) for job_id in unique_ids}
    rt = Runtime(tx, clock)
    for instance_id in sorted({j.process_instance_id for j in found.values() if j.process_instance_id}):
        rt.lock_instance(instance_id)
    out = []
    from server.engine import incidents

    operation = operation_log.Operation(tx, clock, caller, "SetJobRetries")
    for job_id in unique_ids:
        job = _locked_job(rt, caller, job_id, fields[job_id])
        before = job.retries
        job.retries = retries
        operation.entry(operation_log.of_job(job), ("retries", before, retries))
        tx.flush()
        if retries > 0 and before == 0:
            incidents.resolve_by_configuration(rt, FAILED_JOB, job.id)
        elif retries == 0 and before > 0 and job.execution_id:
            execution = tx.get(Execution, job.execution_id)
            if execution is not None:
                incidents.raise_incident(
                    rt, execution, incident_type=FAILED_JOB,
                    message=job.exception_message or "retries were set to 0", configuration=job.id,
                    activity_id=job.activity_id, job_definition_id=job.job_definition_id,
                )
        elif retries == 0 and before > 0 and kind_of(job.handler_type) is not None:  # a batch's job
            incidents.raise_start_incident(rt, job, message=job.exception_message or "retries were set to 0")
        out.append(job)
    notify_after_commit(tx)
    return out


def set_suspended(tx: Session, clock: Clock, caller: Caller, job_id: str, value: bool) -> Job:
    rt = Runtime(tx, clock)
    job = _locked_job(rt, caller, job_id)
    operation_log.Operation(tx, clock, caller, "Suspend" if value else "Activate").entry(
        operation_log.of_job(job), ("suspended", job.suspended, value))
    job.suspended = value
    if not value:
        notify_after_commit(tx)
    return job


def _refuse_locked(job: Job, now: datetime) -> None:
    """JOB_LOCKED while a job executor holds ``job`` (its lock has not expired)."""
    if job.lock_owner and job.lock_expiration is not None and job.lock_expiration > now:
        raise precondition(
            "JOB_LOCKED",
            f"job {job.id} is being run by job executor {job.lock_owner}; try again later",
            job.id,
            lock_owner=job.lock_owner,
        )


def set_priority(tx: Session, clock: Clock, caller: Caller, job_id: str, priority: int | None) -> Job:
    """SetJobPriority: the executor takes due jobs of higher priority first."""
    problems = Violations()
    problems.require(id=job_id, priority=priority)
    problems.raise_if_any()
    assert priority is not None
    job = _locked_job(Runtime(tx, clock), caller, job_id)
    operation_log.Operation(tx, clock, caller, "SetPriority").entry(
        operation_log.of_job(job), ("priority", job.priority, priority))
    job.priority = priority
    return job


def set_due_date(tx: Session, clock: Clock, caller: Caller, job_id: str, due: datetime | None,
                 cascade: bool) -> Job:
    """SetJobDueDate: ``due`` None is due at once; ``cascade`` moves a cycle's later firings
    with this one (else they stay where the cycle puts them)."""
    if not job_id:
        raise missing_required_field("id")
    if cascade and due is None:
        raise invalid_field("cascade", "cascade moves the later firings by as much as this one moves; "
                            "give a due_date")
    job = _locked_job(Runtime(tx, clock), caller, job_id)
    before = job.due_date
    if job.repeat and job.handler_type in TIMER_HANDLERS:
        cycle_due = _cycle_due(job)
        if cascade and due is not None and cycle_due is not None:
            cycle_due += due - (before if before is not None else cycle_due)
        job.handler_configuration = _with_cycle_due(job, None if cycle_due == due else cycle_due)
    operation_log.Operation(tx, clock, caller, "SetDueDate").entry(
        operation_log.of_job(job), ("duedate", before, due), *([("cascade", None, True)] if cascade else []))
    job.due_date = due
    notify_after_commit(tx)  # it may be due sooner
    return job


@dataclass(frozen=True)
class _At:
    """A clock that stands at one instant (a timer counted from a job's creation)."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


def recalculate_due_date(tx: Session, clock: Clock, caller: Caller, job_id: str, creation_date_based: bool) -> Job:
    """RecalculateJobDueDate: a timer job's definition evaluated again, counted from the job's
    creation or from now; a cycle starts over."""
    rt = Runtime(tx, clock)
    job = _locked_job(rt, caller, job_id)
    if job.handler_type in SUSPENSION_JOBS:
        raise precondition(
            "NO_TIMER_DEFINITION",
            f"job {job.id} is a scheduled {job.handler_type}: it has a date, no timer definition to evaluate "
            "again; SetJobDueDate moves it",
            job.id,
            handler_type=job.handler_type,
        )
    if job.handler_type not in TIMER_HANDLERS:
        raise precondition(
            "NOT_A_TIMER_JOB",
            f"job {job.id} is a {job.handler_type} job; only timer jobs have a due date to recalculate",
            job.id,
            handler_type=job.handler_type,
        )
    from server.engine.runtime import SPECS

    element = SPECS.get(tx, rt.definition(job.process_definition_id or "")).element(job.activity_id or "")
    execution = tx.get(Execution, job.execution_id) if job.execution_id else None
    base = job.created if creation_date_based else clock.now()
    # The runtime schedules a timer from its clock's now: here, from the base.
    schedule = Runtime(tx, _At(base)).timer_schedule(execution, element)
    before = job.due_date
    operation_log.Operation(tx, clock, caller, "RecalculateDueDate").entry(
        operation_log.of_job(job), ("duedate", before, schedule.due), ("creationDateBased", None, creation_date_based))
    job.due_date = schedule.due
    job.repeat = schedule.repeat
    job.handler_configuration = _with_cycle_due(job, None)
    notify_after_commit(tx)
    return job


def delete_job(tx: Session, clock: Clock, caller: Caller, job_id: str) -> None:
    """DeleteJob: the job goes unrun and its execution keeps waiting; its open failedJob
    incident ends as DELETED."""
    rt = Runtime(tx, clock)
    job = _locked_job(rt, caller, job_id)
    now = clock.now()
    _refuse_locked(job, now)
    from server.engine import incidents
    from server.engine.failure_models import Incident

    opened = list(tx.scalars(select(Incident).where(
        Incident.state == incidents.OPEN, Incident.incident_type == FAILED_JOB, Incident.configuration == job.id,
    ).with_for_update()))
    if opened:
        incidents.close(rt, opened, incidents.DELETED)
    for hook in HOOKS.deleted:
        hook(rt, job)
    operation_log.Operation(tx, clock, caller, "Delete").entry(operation_log.of_job(job))
    job_log.deleted(tx, [job], now)
    tx.delete(job)
    tx.flush()


@dataclass(frozen=True)
class JobQuery:
    """The filters of QueryJobs and CountJobs; each given one must hold."""

    job_id: str = ""
    process_instance_id: str = ""
    execution_id: str = ""
    process_definition_id: str = ""
    process_definition_key: str = ""
    activity_id: str = ""
    job_definition_id: str = ""
    timers: bool = False
    messages: bool = False
    with_retries_left: bool = False
    no_retries_left: bool = False
    executable: bool = False
    with_exception: bool = False
    due_before: datetime | None = None
    due_after: datetime | None = None
    active: bool = False
    suspended: bool = False
    tenant_id_in: tuple[str, ...] = ()
    job_id_in: tuple[str, ...] = ()
    process_instance_id_in: tuple[str, ...] = ()
    priority_at_most: int | None = None
    priority_at_least: int | None = None
    without_tenant_id: bool = False
    include_jobs_without_tenant_id: bool = False
    exception_message: str = ""
    created_before: datetime | None = None
    created_after: datetime | None = None
    sorting: tuple[tuple[str, str], ...] = ()


# QueryJobs' sort keys (the document's sortBy values for jobs).
SORT_KEYS = {
    "jobId": Job.id,
    "executionId": Job.execution_id,
    "processInstanceId": Job.process_instance_id,
    "processDefinitionId": Job.process_definition_id,
    "processDefinitionKey": Job.process_definition_key,
    "jobPriority": Job.priority,
    "jobRetries": Job.retries,
    "jobDueDate": Job.due_date,
    "tenantId": Job.tenant_id,
}


def _conditions(clock: Clock, caller: Caller, q: JobQuery) -> list[ColumnElement[bool]]:
    executions.exclusive([
        (q.timers, q.messages, "timers", "messages"),
        (q.with_retries_left, q.no_retries_left, "with_retries_left", "no_retries_left"),
        (q.active, q.suspended, "active", "suspended"),
    ])
    tenants = executions.tenant_choice(Job.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                       or_none=q.include_jobs_without_tenant_id)
    conds = tenants + executions.equalities([
        (Job.id, q.job_id),
        (Job.process_instance_id, q.process_instance_id),
        (Job.execution_id, q.execution_id),
        (Job.process_definition_id, q.process_definition_id),
        (Job.process_definition_key, q.process_definition_key),
        (Job.activity_id, q.activity_id),
        (Job.job_definition_id, q.job_definition_id),
        (Job.exception_message, q.exception_message),
        (Job.id, list(q.job_id_in)),
        (Job.process_instance_id, list(q.process_instance_id_in)),
    ])
    if q.timers:
        conds.append(Job.handler_type.in_(TIMER_JOBS))
    if q.messages:
        conds.append(Job.handler_type.in_(MESSAGE_HANDLERS))
    if q.with_retries_left:
        conds.append(Job.retries > 0)
    if q.no_retries_left:
        conds.append(failed())
    if q.executable:
        now = clock.now()
        conds += [Job.suspended.is_(False), Job.retries > 0, or_(Job.due_date.is_(None), Job.due_date <= now)]
    if q.with_exception:
        conds.append(Job.exception_message.is_not(None))
    if q.due_before is not None:
        conds.append(Job.due_date < q.due_before)
    if q.due_after is not None:
        conds.append(Job.due_date > q.due_after)
    if q.created_before is not None:
        conds.append(Job.created < q.created_before)
    if q.created_after is not None:
        conds.append(Job.created > q.created_after)
    if q.active:
        conds.append(Job.suspended.is_(False))
    if q.suspended:
        conds.append(Job.suspended.is_(True))
    if q.priority_at_most is not None:
        conds.append(Job.priority <= q.priority_at_most)
    if q.priority_at_least is not None:
        conds.append(Job.priority >= q.priority_at_least)
    return conds + caller.tenant_conditions(Job.tenant_id)


def query_jobs(tx: Session, clock: Clock, caller: Caller, q: JobQuery, offset: int, limit: int) -> list[Job]:
    conds = _conditions(clock, caller, q)
    order = executions.ordering(q.sorting, SORT_KEYS, (Job.created, Job.id))
    return list(tx.scalars(select(Job).where(*conds).order_by(*order).offset(offset).limit(limit)))


def selected_job_ids(tx: Session, clock: Clock, caller: Caller, q: JobQuery) -> list[str]:
    """The ids of the jobs ``q`` finds, oldest first: a batch's selection."""
    return list(tx.scalars(select(Job.id).where(*_conditions(clock, caller, q)).order_by(Job.created, Job.id)))


def count_jobs(tx: Session, clock: Clock, caller: Caller, q: JobQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(Job).where(*_conditions(clock, caller, q))) or 0)


# -- the executor ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExecutorSettings:
    # How often the database is asked for due jobs when nothing else says to (other
    # processes' jobs, expired locks of a crashed executor): --job-poll-seconds.
    poll_seconds: float
    # How long an acquired job stays locked for this executor: --job-lock-seconds.
    lock_seconds: float
    # Jobs acquired per round: --job-batch-size.
    batch_size: int
    # How often the executor looks at the clock for a job it knows is due next.
    clock_check_seconds: float = 0.05

    @classmethod
    def of(cls, config: Config) -> "ExecutorSettings":
        """The settings `flowkeeper serve` was given (--job-poll-seconds, …)."""
        return cls(poll_seconds=config.job_poll_seconds, lock_seconds=config.job_lock_seconds,
                   batch_size=config.job_batch_size)


class JobExecutor:
    """Runs due jobs of the database in this process (a BackgroundWorker)."""

    name = "job-executor"

    def __init__(self, app: AppContext, settings: ExecutorSettings | None = None) -> None:
        self.app = app
        self.settings = settings or ExecutorSettings.of(app.config)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="job-executor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float) -> None:
        self._stop.set()
        WAKEUP.notify()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"the job executor did not stop within {timeout:g}s")

    def _loop(self) -> None:
        settings = self.settings
        seen = WAKEUP.generation()
        woken = True
        next_due: datetime | None = None
        last_poll = 0.0
        failures = 0
        while not self._stop.is_set():
            due_now = next_due is not None and self.app.clock.now() >= next_due
            if woken or due_now or time.monotonic() - last_poll >= settings.poll_seconds:
                last_poll = time.monotonic()
                try:
                    ran = self.run_once()
                    next_due = self._next_due()
                    failures = 0
                    if ran:
                        continue  # more may be due right away
                except Exception:  # the database is away: back off, never die
                    failures += 1
                    log.exception("job executor round failed (%d in a row)", failures)
                    next_due = None
                    if self._stop.wait(min(0.1 * 2 ** failures, settings.poll_seconds * 5)):
                        break
            generation = WAKEUP.wait(seen, settings.clock_check_seconds)
            woken = generation != seen
            seen = generation

    def _next_due(self) -> datetime | None:
        """When the earliest job that is not locked becomes due (None: no such job)."""
        now = self.app.clock.now()

        def earliest(tx: Session) -> datetime | None:
            if tx.scalar(select(Job.id).where(acquirable(now)).limit(1)) is not None:
                return now
            return tx.scalar(
                select(func.min(Job.due_date)).where(
                    Job.suspended.is_(False), Job.retries > 0,
                    or_(Job.lock_expiration.is_(None), Job.lock_expiration <= now),
                )
            )

        return self.app.db.run(earliest, write=False)

    def run_once(self) -> int:
        """Acquires a batch of due jobs and runs them; how many it acquired."""
        now = self.app.clock.now()
        db = self.app.db
        if db.run(lambda tx: tx.scalar(select(Job.id).where(acquirable(now)).limit(1)), write=False) is None:
            return 0
        job_ids = db.run(self._acquire, write=True)
        for index, job_id in enumerate(job_ids):
            if self._stop.is_set():
                self._release(job_ids[index:])
                break
            self._execute(job_id)
        return len(job_ids)

    def _acquire(self, tx: Session) -> list[str]:
        now = self.app.clock.now()
        rows = list(
            tx.scalars(
                select(Job).where(acquirable(now))
                .order_by(Job.priority.desc(), Job.created, Job.id)
                .limit(self.settings.batch_size)
                .with_for_update(skip_locked=True)
            )
        )
        expiry = now + timedelta(seconds=self.settings.lock_seconds)
        for job in rows:
            job.lock_owner = self.owner
            job.lock_expiration = expiry
        return [job.id for job in rows]

    def _execute(self, job_id: str) -> None:
        db, clock = self.app.db, self.app.clock
        try:
            db.run(lambda tx: execute_acquired(tx, clock, job_id, self.owner), write=True)
        except Exception as error:
            reference = uuid.uuid4().hex
            if not isinstance(error, DomainError):
                log.exception("job %s failed unexpectedly; reference_id=%s", job_id, reference)
            else:
                log.info("job %s failed: %s", job_id, error.message)
            failure = Failure.of(error, reference)
            db.run(lambda tx: record_failure(tx, clock, job_id, self.owner, failure), write=True)

    def _release(self, job_ids: Iterable[str]) -> None:
        """Hands back jobs acquired but not run (shutting down)."""
        ids = list(job_ids)

        def release(tx: Session) -> None:
            tx.execute(
                update(Job).where(Job.id.in_(ids), Job.lock_owner == self.owner)
                .values(lock_owner=None, lock_expiration=None)
            )

        try:
            self.app.db.run(release, write=True)
        except Exception:
            log.exception("could not hand back %d acquired job(s); their locks will expire", len(ids))


__all__ = ["JobExecutor", "ExecutorSettings", "run_job", "record_failure", "Failure", "WAKEUP", "HOOKS"]
