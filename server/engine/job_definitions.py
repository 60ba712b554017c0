"""Job definitions (the document's engine's ``/job-definition``): what kind of job an activity of
a process definition makes (deployments create them: server.engine.deployments). A new job of a
suspended job definition is suspended, and takes the job definition's overriding priority when it
has one (Runtime.job_definition); the calls here change the definitions, and their existing jobs
when asked (``include_jobs``), now or by a scheduled job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import definitions, executions, jobs, operation_log
from server.engine.errors import visible
from server.engine.models import Job, JobDefinition
from server.engine.runtime import Runtime, new_id
from server.errors import Violations, invalid_field, missing_required_field
from server.identity.service import Caller

# The handler types of the jobs that make a scheduled suspension or activation.
SUSPEND_JOB, ACTIVATE_JOB = jobs.JOB_DEFINITION_SUSPENSION_JOBS


def of_job_definition(row: JobDefinition) -> operation_log.Subject:
    return operation_log.Subject("JobDefinition", {
        "job_definition_id": row.id, "process_definition_id": row.process_definition_id,
        "process_definition_key": row.process_definition_key, "deployment_id": row.deployment_id,
        "tenant_id": row.tenant_id})


def get_job_definition(tx: Session, caller: Caller, job_definition_id: str) -> JobDefinition:
    if not job_definition_id:
        raise missing_required_field("id")
    return visible(caller, tx.get(JobDefinition, job_definition_id), "job definition", "JOB_DEFINITION_NOT_FOUND",
                   job_definition_id)


# -- the query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobDefinitionQuery:
    """The filters of QueryJobDefinitions and CountJobDefinitions; each given one must hold."""

    job_definition_id: str = ""
    activity_id_in: tuple[str, ...] = ()
    process_definition_id: str = ""
    process_definition_key: str = ""
    job_type: str = ""
    job_configuration: str = ""
    active: bool = False
    suspended: bool = False
    with_overriding_job_priority: bool = False
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    include_without_tenant_id: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {
    "jobDefinitionId": JobDefinition.id, "activityId": JobDefinition.activity_id,
    "processDefinitionId": JobDefinition.process_definition_id,
    "processDefinitionKey": JobDefinition.process_definition_key, "jobType": JobDefinition.job_type,
    "jobConfiguration": JobDefinition.configuration, "tenantId": JobDefinition.tenant_id,
}


def _conditions(caller: Caller, q: JobDefinitionQuery) -> list[ColumnElement[bool]]:
    D = JobDefinition
    executions.exclusive([(q.active, q.suspended, "active", "suspended")])
    if q.include_without_tenant_id and not q.tenant_id_in:
        raise invalid_field("include_job_definitions_without_tenant_id", "give it with tenant_id_in")
    conds = executions.tenant_choice(D.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                     or_none=q.include_without_tenant_id)
    conds += executions.equalities([
        (D.id, q.job_definition_id), (D.activity_id, list(q.activity_id_in)),
        (D.process_definition_id, q.process_definition_id), (D.process_definition_key, q.process_definition_key),
        (D.job_type, q.job_type), (D.configuration, q.job_configuration),
    ])
    if q.active:
        conds.append(D.suspended.is_(False))
    if q.suspended:
        conds.append(D.suspended.is_(True))
    if q.with_overriding_job_priority:
        conds.append(D.overriding_job_priority.is_not(None))
    return conds + caller.tenant_conditions(D.tenant_id)


def query_job_definitions(tx: Session, caller: Caller, q: JobDefinitionQuery, offset: int,
                          limit: int) -> list[JobDefinition]:
    order = executions.ordering(q.sorting, SORT_KEYS, (JobDefinition.id,))
    return list(tx.scalars(select(JobDefinition).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_job_definitions(tx: Session, caller: Caller, q: JobDefinitionQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(JobDefinition).where(*_conditions(caller, q))) or 0)


# -- suspension -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Switched:
    """What a suspension call did: the job definitions (in their new state, or as they are when
    the change is scheduled), how many existing jobs changed state, the scheduling job."""

    job_definitions: list[JobDefinition]
    jobs_changed: int = 0
    job: Job | None = None


def set_suspended(tx: Session, clock: Clock, caller: Caller, job_definition_id: str, suspended: bool, *,
                  include_jobs: bool, execution_date: datetime | None = None) -> Switched:
    """SetJobDefinitionSuspensionState: one job definition, now or (``execution_date``) by a job."""
    row = get_job_definition(tx, caller, job_definition_id)
    operation = _operation(tx, clock, caller, suspended)
    if execution_date is not None:
        _entry(operation, row, suspended, include_jobs, execution_date)
        return Switched([row], job=_schedule(tx, clock, suspended, include_jobs, execution_date,
                                             {"job_definition_id": row.id}, row.process_definition_key,
                                             row.process_definition_id, row.tenant_id))
    return _switch(Runtime(tx, clock), [row], suspended, include_jobs, operation)


def set_suspended_of_definitions(
    tx: Session, clock: Clock, caller: Caller, *, process_definition_id: str, key: str, tenant_id: str,
    without_tenant: bool, suspended: bool, include_jobs: bool, execution_date: datetime | None = None,
) -> Switched:
    """SetJobDefinitionsSuspensionState: the job definitions of one process definition, or of
    every version of a key (definitions.versions_of_key)."""
    problems = Violations()
    if not process_definition_id and not key:
        problems.add("process_definition_id", "give process_definition_id or process_definition_key",
                     "MISSING_REQUIRED_FIELD")
    definitions.check_id_or_key(problems, process_definition_id, key, tenant_id, without_tenant)
    problems.raise_if_any()
    found = definitions.by_id_or_key(tx, caller, process_definition_id, key, tenant_id, without_tenant)
    rows = _of_definitions(tx, [d.id for d in found])
    operation = _operation(tx, clock, caller, suspended)
    if execution_date is None:
        return _switch(Runtime(tx, clock), rows, suspended, include_jobs, operation)
    for row in rows:
        _entry(operation, row, suspended, include_jobs, execution_date)
    if process_definition_id:
        definition = found[0]
        job = _schedule(tx, clock, suspended, include_jobs, execution_date,
                        {"process_definition_id": definition.id}, definition.key, definition.id, definition.tenant_id)
    else:
        job = _schedule(tx, clock, suspended, include_jobs, execution_date,
                        {"tenant_keys": sorted({d.tenant_key for d in found})}, key, None,
                        definitions.sole_tenant(found))
    return Switched(rows, job=job)


def _of_definitions(tx: Session, definition_ids: Sequence[str]) -> list[JobDefinition]:
    """The job definitions of process definitions, in their order, then by id."""
    rows = tx.scalars(select(JobDefinition).where(JobDefinition.process_definition_id.in_(definition_ids))
                      .order_by(JobDefinition.id))
    position = {definition_id: i for i, definition_id in enumerate(definition_ids)}
    return sorted(rows, key=lambda r: position[r.process_definition_id])


def _operation(tx: Session, clock: Clock, caller: Caller, suspended: bool) -> operation_log.Operation:
    return operation_log.Operation(tx, clock, caller, "SuspendJobDefinition" if suspended else "ActivateJobDefinition")


def _entry(operation: operation_log.Operation | None, row: JobDefinition, suspended: bool, include_jobs: bool,
           execution_date: datetime | None = None) -> None:
    if operation is not None:
        operation.entry(of_job_definition(row), ("suspended", row.suspended, suspended),
                        ("includeJobs", None, include_jobs),
                        *((("executionDate", None, execution_date.isoformat()),) if execution_date else ()))


def _switch(rt: Runtime, rows: list[JobDefinition], suspended: bool, include_jobs: bool,
            operation: operation_log.Operation | None) -> Switched:
    """The job definitions in their new state; with ``include_jobs`` their jobs too."""
    changed = 0
    if include_jobs:
        for job in jobs.held_jobs_of_definitions(rt, [r.id for r in rows]):
            if job.suspended != suspended:
                job.suspended = suspended
                changed += 1
    for row in rows:
        _entry(operation, row, suspended, include_jobs)
        row.suspended = suspended
    rt.tx.flush()
    if not suspended:
        jobs.notify_after_commit(rt.tx)
    return Switched(rows, changed)


def _schedule(tx: Session, clock: Clock, suspended: bool, include_jobs: bool, execution_date: datetime,
              target: dict[str, object], key: str, process_definition_id: str | None, tenant_id: str | None) -> Job:
    """The job that suspends (activates) the job definitions ``target`` names at ``execution_date``:
    one (job_definition_id), those of a process definition, or of a key's versions in tenants
    (tenant_keys)."""
    job = Job(
        id=new_id(), handler_type=SUSPEND_JOB if suspended else ACTIVATE_JOB,
        handler_configuration={**target, "include_jobs": include_jobs}, due_date=execution_date, retries=3,
        process_definition_id=process_definition_id, process_definition_key=key, tenant_id=tenant_id,
        suspended=False, priority=0, created=clock.now(),
    )
    return Runtime(tx, clock).add_job(job)


def _run_scheduled(rt: Runtime, job: Job) -> None:
    """A suspension job's work: what it names now (job definitions that are gone are skipped),
    switched as the call that scheduled it would have (not logged again: the call was)."""
    configuration = job.handler_configuration or {}
    if configuration.get("job_definition_id"):
        rows = [r for r in (rt.tx.get(JobDefinition, configuration["job_definition_id"]),) if r is not None]
    elif configuration.get("process_definition_id"):
        rows = _of_definitions(rt.tx, [configuration["process_definition_id"]])
    else:
        versions = definitions.versions_in(rt.tx, job.process_definition_key or "", configuration.get("tenant_keys", []))
        rows = _of_definitions(rt.tx, [d.id for d in versions])
    _switch(rt, rows, job.handler_type == SUSPEND_JOB, bool(configuration.get("include_jobs")), None)


for _type in jobs.JOB_DEFINITION_SUSPENSION_JOBS:
    # Nothing to hold before the job's row: _switch locks each job's instance and then the job.
    jobs.KINDS[_type] = jobs.JobKind(run=_run_scheduled, hold=lambda rt, job, running: True)


# -- retries and priority -------------------------------------------------------------------------


def set_retries(tx: Session, clock: Clock, caller: Caller, job_definition_id: str, retries: int | None) -> list[Job]:
    """SetJobDefinitionRetries: the failed jobs (retries 0) of the job definition get ``retries``,
    as SetJobRetries gives them."""
    problems = Violations()
    problems.require(id=job_definition_id, retries=retries)
    if retries is not None and retries < 0:
        problems.add("retries", f"must not be negative, got {retries}")
    problems.raise_if_any()
    row = get_job_definition(tx, caller, job_definition_id)
    failed = list(tx.scalars(select(Job.id).where(Job.job_definition_id == row.id, jobs.failed())
                             .where(*caller.tenant_conditions(Job.tenant_id)).order_by(Job.created, Job.id)))
    return jobs.set_retries(tx, clock, caller, failed, retries) if failed else []


def set_priority(tx: Session, clock: Clock, caller: Caller, job_definition_id: str, priority: int | None,
                 include_jobs: bool) -> tuple[JobDefinition, int]:
    """SetJobDefinitionPriority: the overriding priority set (None: cleared); with
    ``include_jobs`` the existing jobs get it. Returns the job definition and how many jobs."""
    problems = Violations()
    problems.require(id=job_definition_id)
    if include_jobs and priority is None:
        problems.add("include_jobs", "existing jobs keep their priority when the override is cleared; "
                     "give a priority with include_jobs")
    problems.raise_if_any()
    row = get_job_definition(tx, caller, job_definition_id)
    rt = Runtime(tx, clock)
    changed = 0
    if include_jobs:
        for job in jobs.held_jobs_of_definitions(rt, [row.id]):
            job.priority = priority
            changed += 1
    operation_log.Operation(tx, clock, caller, "SetPriority").entry(
        of_job_definition(row), ("overridingPriority", row.overriding_job_priority, priority),
        ("includeJobs", None, include_jobs))
    row.overriding_job_priority = priority
    tx.flush()
    return row, changed
