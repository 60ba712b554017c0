"""Batches: one operation on many process instances, jobs or external tasks, done in the
background by the job executor (the document's engine's batches).

Creating a batch selects its items at once (the ids given and what a query finds then), stores
them as rows of ``batch_items`` (one per item, at its position) and leaves a seed job. The jobs
are ordinary rows of ``jobs``, run by every replica's job executor (server.engine.jobs), with
the batch's three job definition ids in ``job_definition_id``:

- the seed job (``batch-seed-job``) creates up to ``batch_jobs_per_seed`` batch jobs, each for
  the next ``invocations_per_batch_job`` positions, then another seed job while batch jobs are
  left to create, else the monitor job;
- a batch job (its handler type is the batch's type) does its positions' items in its own
  transaction, each through the operation's synchronous domain function as the batch's creator
  (so the semantics stay in one place), and removes them with its row; an item the operation
  finds gone is skipped where the type says so, any other error fails the job (retries, then
  an incident, as any job);
- the monitor job (``batch-monitor-job``) ends the batch when no seed or batch job is left
  (its historic batch gets the end time, the row goes), else it looks again MONITOR_INTERVAL
  later; the last batch job makes it due at once.

Each job runs once, in one transaction that deletes its row (the executor's locks), so two
replicas never do an item twice or lose one. Locks, in this order: the batch row (a seed job:
FOR NO KEY UPDATE, so that jobs_created and the suspension are read and written in turn; a
batch job: FOR KEY SHARE, so batch jobs run side by side; the monitor, SetBatchSuspended and
DeleteBatch: FOR UPDATE / NO KEY UPDATE, so they wait for the jobs running), then job rows,
then what the items lock."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import ColumnElement, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import definitions, executions, external_tasks, history, instances, job_log, jobs, messages, operation_log
from server.engine.errors import not_found, precondition, visible
from server.engine.dmn import history as decision_history
from server.engine.dmn.models import HistoricDecisionInstance
from server.engine.failure_models import Incident
from server.engine.models import (
    Batch,
    BatchItem,
    ExternalTask,
    HistoricBatch,
    HistoricJobLog,
    Job,
    ProcessInstance,
)
from server.engine.runtime import KEY_SHARE, Runtime, new_id
from server.engine.variables import TypedValue, variables_from_json, variables_to_json
from server.errors import (
    DomainError,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    Violations,
    inside,
    max_length,
    missing_required_field,
)
from server.identity.service import Caller

# The batch types (the document's engine's names).
DELETE_INSTANCES = "instance-deletion"
SUSPEND_INSTANCES = "instance-update-suspension-state"
SET_VARIABLES = "set-variables"
SET_JOB_RETRIES = "set-job-retries"
SET_EXTERNAL_TASK_RETRIES = "set-external-task-retries"
DELETE_HISTORIC_INSTANCES = "historic-instance-deletion"
MODIFY_INSTANCES = "instance-modification"
RESTART_INSTANCES = "instance-restart"
MIGRATE_INSTANCES = "instance-migration"
CORRELATE_MESSAGE = "correlate-message"
# The document's engine's historic-decision-instance-deletion is longer than a type's column.
DELETE_HISTORIC_DECISIONS = "decision-instance-deletion"
# The handler types of the seed and monitor jobs; a batch job's is its batch's type.
SEED_JOB = "batch-seed-job"
MONITOR_JOB = "batch-monitor-job"

# The document's engine's defaults.
BATCH_JOBS_PER_SEED = 100
INVOCATIONS_PER_BATCH_JOB = 1
# How long the monitor job waits between two looks (the document's engine's batchPollTime).
MONITOR_INTERVAL = timedelta(seconds=30)
# Rows per statement when writing or reading items in bulk.
_CHUNK = 500


# -- the types --------------------------------------------------------------------------------


def _gone(error: DomainError) -> bool:
    """The item is not there (or not visible to the batch's creator)."""
    return isinstance(error, NotFound)


def _gone_or_ended(error: DomainError) -> bool:
    """The process instance is not there, not visible, or has ended."""
    return _gone(error) or (isinstance(error, FailedPrecondition) and error.reason == "INSTANCE_ENDED")


def _never(_error: DomainError) -> bool:
    return False


def _not_waiting(error: DomainError) -> bool:
    """No execution of the instance waits for the message (any more)."""
    return isinstance(error, NotFound) and error.reason == "MESSAGE_NOT_CORRELATED"


def _delete_instance(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    instances.delete_instance(tx, clock, caller, item, config.get("delete_reason") or "")


def _suspend_instance(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    instances.set_suspended(tx, clock, caller, item, bool(config["suspended"]))


def _set_variables(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    instances.modify_variables(tx, clock, caller, item, variables_from_json(config["variables"]), [])


def _set_job_retries(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    jobs.set_retries(tx, clock, caller, [item], int(config["retries"]))


def _set_external_task_retries(tx: Session, clock: Clock, caller: Caller, item: str,
                               config: Mapping[str, Any]) -> None:
    external_tasks.set_retries(tx, clock, caller, [item], int(config["retries"]))


def _delete_history(tx: Session, clock: Clock, caller: Caller, item: str, _config: Mapping[str, Any]) -> None:
    history.delete_process_instance(tx, clock, caller, item)


def _delete_decision_history(tx: Session, clock: Clock, caller: Caller, item: str,
                             _config: Mapping[str, Any]) -> None:
    decision_history.delete_instance(tx, clock, caller, item)


def _modify_instance(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    from server.engine import modification  # (it starts these batches: imported once used)

    modification.modify_item(tx, clock, caller, item, config)


def _restart_instance(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    from server.engine import restart

    restart.restart_item(tx, clock, caller, item, config)


def _migrate_instance(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    from server.engine import instance_migration

    instance_migration.migrate_item(tx, clock, caller, item, config)


def _correlate_message(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    messages.correlate(tx, clock, caller, messages.Correlation(
        config["message_name"], process_instance_id=item, process_variables=variables_from_json(config["variables"]),
        all=True))


@dataclass(frozen=True)
class BatchType:
    """What a batch of one type does to each item, and which of its errors skip the item."""

    name: str
    # The operation log's entity type of the creation entry.
    entity_type: str
    # Does one item through the synchronous domain function.
    item: Callable[[Session, Clock, Caller, str, Mapping[str, Any]], None]
    # Whether an error of the item means it is skipped (else it fails the batch job).
    skips: Callable[[DomainError], bool]
    # The table whose rows the items name, with its tenant column (the batch's tenant).
    items_of: Any


TYPES = {t.name: t for t in (
    BatchType(DELETE_INSTANCES, "ProcessInstance", _delete_instance, _gone_or_ended, ProcessInstance),
    BatchType(SUSPEND_INSTANCES, "ProcessInstance", _suspend_instance, _gone_or_ended, ProcessInstance),
    # An instance gone or ended fails the job: the values would be lost without a word.
    BatchType(SET_VARIABLES, "ProcessInstance", _set_variables, _never, ProcessInstance),
    BatchType(SET_JOB_RETRIES, "Job", _set_job_retries, _gone, Job),
    BatchType(SET_EXTERNAL_TASK_RETRIES, "ExternalTask", _set_external_task_retries, _gone, ExternalTask),
    # An instance that runs fails the job (INSTANCE_RUNNING), as in the document's engine.
    BatchType(DELETE_HISTORIC_INSTANCES, "ProcessInstance", _delete_history, _gone, ProcessInstance),
    # An instance gone, ended (running, for a restart) or failing fails the job, as in the
    # document's engine.
    BatchType(MODIFY_INSTANCES, "ProcessInstance", _modify_instance, _never, ProcessInstance),
    BatchType(RESTART_INSTANCES, "ProcessInstance", _restart_instance, _never, ProcessInstance),
    BatchType(MIGRATE_INSTANCES, "ProcessInstance", _migrate_instance, _never, ProcessInstance),
    # An instance that waits for the message no more is skipped (the document's engine
    # correlates all, which finds none); other failures of the correlation fail the job.
    BatchType(CORRELATE_MESSAGE, "ProcessInstance", _correlate_message, _not_waiting, ProcessInstance),
    # A decision instance gone (the cleanup, its instance's deletion, its root's) is skipped.
    BatchType(DELETE_HISTORIC_DECISIONS, "DecisionInstance", _delete_decision_history, _gone,
              HistoricDecisionInstance),
)}


# -- creating a batch -------------------------------------------------------------------------


@dataclass
class Selection:
    """What a call that starts a batch names: ids (``ids_field``) and, optionally, a query
    (``query_field``) whose ids come on top, evaluated when the batch is created; ``more``
    names further sources of items by their request field (the jobs of instances a call
    names), each evaluated after the query."""

    ids_field: str
    ids: Sequence[str]
    query_field: str
    query: Callable[[], list[str]] | None = None
    problems: Violations = field(default_factory=Violations)
    # (field, its items) of each further source the request gives; the field names its faults.
    more: Sequence[tuple[str, Callable[[], list[str]]]] = ()
    # The request fields ``more`` may come from (for the message naming what to give).
    more_fields: Sequence[str] = ()

    def _sources(self) -> list[tuple[str, Callable[[], list[str]]]]:
        return [*(((self.query_field, self.query),) if self.query is not None else ()), *self.more]

    def check(self) -> None:
        """Field violations of the ids (with those the caller already collected in ``problems``)."""
        problems = Violations()
        if not self.ids and not self._sources():
            alternatives = [self.query_field, *self.more_fields]
            options = alternatives[0] if len(alternatives) == 1 else \
                f"{', '.join(alternatives[:-1])} or {alternatives[-1]}"
            problems.add(self.ids_field, f"name at least one id in {self.ids_field}, or give {options}",
                         "MISSING_REQUIRED_FIELD")
        limit = max_length(BatchItem.item_id)
        for i, item in enumerate(self.ids):
            if not item:
                problems.add(f"{self.ids_field}[{i}]", "an id is required", "MISSING_REQUIRED_FIELD")
            elif len(item) > limit:
                problems.add(f"{self.ids_field}[{i}]", f"at most {limit} characters (got {len(item)})",
                             max_length=limit)
        problems.items += self.problems.items  # the selection's faults first, then the others'
        problems.metadata += self.problems.metadata
        problems.raise_if_any()

    def resolve(self) -> list[str]:
        """The items, each once, the ids given first (in their order), then the query's."""
        return list(self.resolve_named())

    def resolve_named(self) -> dict[str, str]:
        """The items of ``resolve`` (in its order), each with the request field that names it
        first (``ids[2]``, or the query's field)."""
        self.check()
        found: dict[str, str] = {}
        for i, item in enumerate(self.ids):
            found.setdefault(item, f"{self.ids_field}[{i}]")
        for name, source in self._sources():
            with inside(name):
                queried = source()
            for item in queried:
                found.setdefault(item, name)
        if not found:
            name = self._sources()[0][0]
            raise InvalidArgument(
                "EMPTY_SELECTION", f"{name} finds nothing to work on, and no id was given",
                metadata={"type": "bad_request", "field_name": name},
                field_violations=[FieldViolation(name, "finds nothing; the call needs at least one item",
                                                 "EMPTY_SELECTION")],
            )
        return found


def _single_tenant(tx: Session, model: Any, items: list[str]) -> str | None:
    """The one tenant of the items that exist, else None (none, or several)."""
    tenants: set[str | None] = set()
    for start in range(0, len(items), _CHUNK):
        tenants.update(tx.scalars(select(model.tenant_id).where(model.id.in_(items[start:start + _CHUNK])).distinct()))
        if len(tenants) > 1:
            return None
    return next(iter(tenants)) if len(tenants) == 1 else None


def _new_job(batch: Batch, handler_type: str, definition_id: str, now: datetime, due: datetime | None,
             configuration: dict[str, Any]) -> Job:
    return Job(
        id=new_id(), handler_type=handler_type, handler_configuration=configuration, due_date=due,
        retries=jobs.DEFAULT_RETRIES, job_definition_id=definition_id, tenant_id=batch.tenant_id,
        suspended=batch.suspended, priority=0, created=now,
    )


def of_batch(batch: Batch | HistoricBatch, entity_type: str = "Batch") -> operation_log.Subject:
    return operation_log.Subject(entity_type, {"batch_id": batch.id, "tenant_id": batch.tenant_id})


def create(tx: Session, clock: Clock, caller: Caller, batch_type: str, selection: Selection,
           configuration: dict[str, Any], operation_type: str, *changes: tuple[str, Any, Any],
           refs: Mapping[str, str | None] | None = None, annotation: str | None = None) -> Batch:
    """A new batch of ``batch_type`` over the selection's items, its seed job due at once, and
    one operation log entry (``operation_type`` with nrOfInstances, async and ``changes``; the
    ids ``refs`` names besides the batch's; the call's ``annotation``)."""
    kind = TYPES[batch_type]
    items = selection.resolve()
    now = clock.now()
    total_jobs = math.ceil(len(items) / INVOCATIONS_PER_BATCH_JOB)
    batch = Batch(
        id=new_id(), type=batch_type, total_items=len(items), total_jobs=total_jobs, jobs_created=0,
        batch_jobs_per_seed=BATCH_JOBS_PER_SEED, invocations_per_batch_job=INVOCATIONS_PER_BATCH_JOB,
        seed_job_definition_id=new_id(), monitor_job_definition_id=new_id(), batch_job_definition_id=new_id(),
        suspended=False, tenant_id=_single_tenant(tx, kind.items_of, items), create_user_id=caller.user_name,
        creator_user_id=caller.user_id, creator_tenants=sorted(caller.tenants), creator_admin=caller.is_admin,
        configuration=configuration, start_time=now, execution_start_time=None,
    )
    tx.add(batch)
    tx.add(HistoricBatch(
        id=batch.id, type=batch.type, total_jobs=batch.total_jobs, batch_jobs_per_seed=batch.batch_jobs_per_seed,
        invocations_per_batch_job=batch.invocations_per_batch_job,
        seed_job_definition_id=batch.seed_job_definition_id, monitor_job_definition_id=batch.monitor_job_definition_id,
        batch_job_definition_id=batch.batch_job_definition_id, tenant_id=batch.tenant_id,
        create_user_id=batch.create_user_id, start_time=now, execution_start_time=None, end_time=None,
    ))
    tx.flush()
    for start in range(0, len(items), _CHUNK * 2):
        tx.execute(insert(BatchItem), [{"batch_id": batch.id, "position": start + i, "item_id": item}
                                       for i, item in enumerate(items[start:start + _CHUNK * 2])])
    Runtime(tx, clock).add_job(_new_job(batch, SEED_JOB, batch.seed_job_definition_id, now, None,
                                        {"batch_id": batch.id}))
    subject = of_batch(batch, kind.entity_type)
    operation_log.Operation(tx, clock, caller, operation_type, annotation).entry(
        replace(subject, refs={**(refs or {}), **subject.refs}), ("nrOfInstances", None, len(items)),
        ("async", None, True), *changes)
    return batch


# -- the jobs -----------------------------------------------------------------------------------


def _batch_id(job: Job) -> str | None:
    return (job.handler_configuration or {}).get("batch_id")


def _holder(lock: Mapping[str, bool]) -> Callable[[Runtime, Job, bool], bool]:
    def hold(rt: Runtime, job: Job, running: bool) -> bool:
        """The job's batch row locked (``lock``, see the module's comment); False when it is gone."""
        batch_id = _batch_id(job)
        if not batch_id:
            return False
        if running and job.handler_type in TYPES:
            # The first batch job to run starts the batch's execution (an update of the row
            # while the time is unset, taken before the job's row as every batch lock is).
            now = rt.clock.now()
            started = rt.tx.execute(update(Batch).where(Batch.id == batch_id, Batch.execution_start_time.is_(None))
                                    .values(execution_start_time=now).execution_options(synchronize_session=False))
            if started.rowcount:  # type: ignore[attr-defined]
                rt.tx.execute(update(HistoricBatch).where(HistoricBatch.id == batch_id)
                              .values(execution_start_time=now).execution_options(synchronize_session=False))
        held = rt.tx.scalar(select(Batch).where(Batch.id == batch_id).with_for_update(**lock)
                            .execution_options(populate_existing=True))
        return held is not None

    return hold


def _held_batch(rt: Runtime, job: Job) -> Batch | None:
    batch_id = _batch_id(job)
    return rt.tx.get(Batch, batch_id) if batch_id else None


def _run_seed(rt: Runtime, job: Job) -> None:
    """Creates the next batch jobs; then the next seed job, or the monitor job."""
    batch = _held_batch(rt, job)
    if batch is None:
        return
    now = rt.clock.now()
    count = min(batch.batch_jobs_per_seed, batch.total_jobs - batch.jobs_created)
    for index in range(batch.jobs_created, batch.jobs_created + count):
        first = index * batch.invocations_per_batch_job
        rt.add_job(_new_job(batch, batch.type, batch.batch_job_definition_id, now, None, {
            "batch_id": batch.id, "first": first,
            "count": min(batch.invocations_per_batch_job, batch.total_items - first)}))
    batch.jobs_created += count
    if batch.jobs_created < batch.total_jobs:
        rt.add_job(_new_job(batch, SEED_JOB, batch.seed_job_definition_id, now, None, {"batch_id": batch.id}))
    else:
        rt.add_job(_new_job(batch, MONITOR_JOB, batch.monitor_job_definition_id, now, now + MONITOR_INTERVAL,
                            {"batch_id": batch.id}))


def creator(batch: Batch) -> Caller:
    """The batch's creator, with the tenants its token had then: the items are done as it."""
    return Caller(user_id=batch.creator_user_id, user_name=batch.create_user_id, token_id=0,
                  tenants=frozenset(batch.creator_tenants or ()), is_admin=batch.creator_admin)


def _run_batch_job(rt: Runtime, job: Job) -> None:
    """Does the job's items, each through the operation's synchronous function, and removes them."""
    batch = _held_batch(rt, job)
    if batch is None:
        return
    kind, config = TYPES[batch.type], job.handler_configuration or {}
    first, count = int(config["first"]), int(config["count"])
    positions = (BatchItem.batch_id == batch.id, BatchItem.position >= first, BatchItem.position < first + count)
    items = list(rt.tx.scalars(select(BatchItem.item_id).where(*positions).order_by(BatchItem.position)))
    caller, configuration = creator(batch), batch.configuration
    rt.tx.info[operation_log.PREVENTED] = True  # the creation's entry stands for them all
    try:
        for item in items:
            try:
                kind.item(rt.tx, rt.clock, caller, item, configuration)
            except DomainError as error:
                if not kind.skips(error):
                    raise
    finally:
        rt.tx.info.pop(operation_log.PREVENTED, None)
    rt.tx.execute(delete(BatchItem).where(*positions).execution_options(synchronize_session=False))
    _monitor_at_once_when_last(rt, batch)


def _monitor_at_once_when_last(rt: Runtime, batch: Batch) -> None:
    """The last batch job makes the monitor due now rather than at its next look. (Two last ones
    running side by side may each see the other: the monitor then ends the batch at its look.)"""
    if batch.jobs_created < batch.total_jobs:
        return
    if rt.tx.scalar(select(exists().where(Job.job_definition_id == batch.batch_job_definition_id))):
        return
    now = rt.clock.now()
    rt.tx.execute(update(Job).where(Job.job_definition_id == batch.monitor_job_definition_id, Job.due_date > now)
                  .values(due_date=now).execution_options(synchronize_session=False))
    jobs.notify_after_commit(rt.tx)


def _run_monitor(rt: Runtime, job: Job) -> None:
    """Ends the batch when no seed or batch job is left, else looks again later."""
    batch = _held_batch(rt, job)
    if batch is None:
        return
    now = rt.clock.now()
    if _jobs_left(rt.tx, batch):
        rt.add_job(_new_job(batch, MONITOR_JOB, batch.monitor_job_definition_id, now, now + MONITOR_INTERVAL,
                            {"batch_id": batch.id}))
        return
    _end(rt.tx, batch, now)


def _jobs_left(tx: Session, batch: Batch) -> bool:
    return bool(tx.scalar(select(exists().where(
        Job.job_definition_id.in_((batch.seed_job_definition_id, batch.batch_job_definition_id))))))


def _end(tx: Session, batch: Batch, now: datetime) -> None:
    """The batch ends: its historic batch gets its end time; its row and items go."""
    tx.execute(update(HistoricBatch).where(HistoricBatch.id == batch.id, HistoricBatch.end_time.is_(None))
               .values(end_time=now).execution_options(synchronize_session=False))
    tx.execute(delete(BatchItem).where(BatchItem.batch_id == batch.id).execution_options(synchronize_session=False))
    tx.delete(batch)
    tx.flush()


_NO_KEY_UPDATE = {"key_share": True}
jobs.KINDS[SEED_JOB] = jobs.JobKind(run=_run_seed, hold=_holder(_NO_KEY_UPDATE))
jobs.KINDS[MONITOR_JOB] = jobs.JobKind(run=_run_monitor, hold=_holder({}))
for _type in TYPES:
    jobs.KINDS[_type] = jobs.JobKind(run=_run_batch_job, hold=_holder(KEY_SHARE))


# -- BatchService -------------------------------------------------------------------------------


def get_batch(tx: Session, caller: Caller, batch_id: str) -> Batch:
    if not batch_id:
        raise missing_required_field("id")
    return visible(caller, tx.get(Batch, batch_id), "batch", "BATCH_NOT_FOUND", batch_id)


def _locked(tx: Session, caller: Caller, batch_id: str, **lock: bool) -> Batch:
    get_batch(tx, caller, batch_id)
    row = tx.scalar(select(Batch).where(Batch.id == batch_id).with_for_update(**lock)
                    .execution_options(populate_existing=True))
    if row is None:  # it ended meanwhile
        raise not_found("batch", "BATCH_NOT_FOUND", batch_id)
    return row


def _job_definitions(batch: Batch | HistoricBatch) -> tuple[str, str, str]:
    return (batch.seed_job_definition_id, batch.monitor_job_definition_id, batch.batch_job_definition_id)


def set_suspended(tx: Session, clock: Clock, caller: Caller, batch_id: str, suspended: bool) -> Batch:
    """SetBatchSuspended: the batch and its seed, monitor and batch jobs."""
    batch = _locked(tx, caller, batch_id, key_share=True)
    operation_log.Operation(tx, clock, caller, "SuspendBatch" if suspended else "ActivateBatch").entry(
        of_batch(batch), ("suspensionState", "suspended" if batch.suspended else "active",
                          "suspended" if suspended else "active"))
    batch.suspended = suspended
    tx.execute(update(Job).where(Job.job_definition_id.in_(_job_definitions(batch))).values(suspended=suspended)
               .execution_options(synchronize_session="fetch"))
    if not suspended:
        jobs.notify_after_commit(tx)
    return batch


def delete_batch(tx: Session, clock: Clock, caller: Caller, batch_id: str, cascade: bool) -> None:
    """DeleteBatch: the batch, its items and jobs (their incidents DELETED); its history ends,
    or goes with ``cascade``."""
    if cascade:
        caller.require_admin("delete a batch with its history")
    batch = _locked(tx, caller, batch_id)
    now = clock.now()
    definitions = _job_definitions(batch)
    found = list(tx.scalars(select(Job).where(Job.job_definition_id.in_(definitions)).order_by(Job.id)
                            .with_for_update().execution_options(populate_existing=True)))
    ids = [job.id for job in found]
    if found:
        from server.engine import incidents

        opened = list(tx.scalars(select(Incident).where(
            Incident.state == incidents.OPEN, Incident.incident_type == jobs.FAILED_JOB,
            Incident.configuration.in_(ids)).with_for_update()))
        if opened:
            incidents.close(Runtime(tx, clock), opened, incidents.DELETED)
        if not cascade:  # (the log's rows are written at the commit: with cascade they would outlive it)
            job_log.deleted(tx, found, now)
        tx.execute(delete(Job).where(Job.id.in_(ids)).execution_options(synchronize_session="fetch"))
    operation_log.Operation(tx, clock, caller, "Delete").entry(of_batch(batch), ("cascadeToHistory", None, cascade))
    _end(tx, batch, now)
    if cascade:
        remove_histories(tx, [batch])


def remove_histories(tx: Session, rows: Sequence[Batch | HistoricBatch]) -> None:
    """The batches' history: their historic rows, their jobs' log entries and their jobs' ended
    incidents (DeleteHistoricBatch, DeleteBatch with cascade, the history cleanup). Batch jobs
    belong to no instance: both are found through the instance index's IS NULL."""
    definitions = [d for row in rows for d in _job_definitions(row)]
    tx.execute(delete(HistoricJobLog).where(HistoricJobLog.process_instance_id.is_(None),
                                            HistoricJobLog.job_definition_id.in_(definitions))
               .execution_options(synchronize_session=False))
    tx.execute(delete(Incident).where(Incident.process_instance_id.is_(None), Incident.job_definition_id.in_(definitions))
               .execution_options(synchronize_session=False))
    tx.execute(delete(HistoricBatch).where(HistoricBatch.id.in_([row.id for row in rows]))
               .execution_options(synchronize_session=False))


@dataclass(frozen=True)
class BatchQuery:
    """The filters of QueryBatches, CountBatches and the statistics' queries."""

    batch_id: str = ""
    type: str = ""
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    suspended: bool | None = None
    created_by: str = ""
    started_before: datetime | None = None
    started_after: datetime | None = None
    with_failures: bool = False
    without_failures: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {"batchId": Batch.id, "tenantId": Batch.tenant_id, "startTime": Batch.start_time}


def _failed_jobs_of(batch_job_definition_id: Any) -> ColumnElement[bool]:
    return exists().where(Job.job_definition_id == batch_job_definition_id, jobs.failed())


def _conditions(caller: Caller, q: BatchQuery) -> list[ColumnElement[bool]]:
    executions.exclusive([(q.with_failures, q.without_failures, "with_failures", "without_failures")])
    conds = executions.tenant_choice(Batch.tenant_id, list(q.tenant_id_in), q.without_tenant_id)
    conds += executions.equalities([(Batch.id, q.batch_id), (Batch.type, q.type),
                                    (Batch.create_user_id, q.created_by)])
    if q.suspended is not None:
        conds.append(Batch.suspended.is_(q.suspended))
    if q.started_before is not None:
        conds.append(Batch.start_time <= q.started_before)
    if q.started_after is not None:
        conds.append(Batch.start_time >= q.started_after)
    if q.with_failures:
        conds.append(_failed_jobs_of(Batch.batch_job_definition_id))
    if q.without_failures:
        conds.append(~_failed_jobs_of(Batch.batch_job_definition_id))
    return conds + caller.tenant_conditions(Batch.tenant_id)


def query_batches(tx: Session, caller: Caller, q: BatchQuery, offset: int, limit: int) -> list[Batch]:
    order = executions.ordering(q.sorting, SORT_KEYS, Batch.id)
    return list(tx.scalars(select(Batch).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)))


def count_batches(tx: Session, caller: Caller, q: BatchQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(Batch).where(*_conditions(caller, q))) or 0)


@dataclass(frozen=True)
class Progress:
    """A running batch's statistics (the document's BatchStatistics)."""

    remaining_jobs: int
    completed_jobs: int
    failed_jobs: int


def progress(tx: Session, batches: Sequence[Batch]) -> list[Progress]:
    """The progress of each batch, in one statement: its batch jobs that exist, and failed."""
    definitions = [b.batch_job_definition_id for b in batches]
    counts: dict[str, tuple[int, int]] = {}
    if definitions:
        rows = tx.execute(select(Job.job_definition_id, func.count(), func.count().filter(jobs.failed()))
                          .where(Job.job_definition_id.in_(definitions)).group_by(Job.job_definition_id))
        counts = {row[0]: (int(row[1]), int(row[2])) for row in rows}
    out = []
    for batch in batches:
        existing, failed = counts.get(batch.batch_job_definition_id, (0, 0))
        completed = batch.jobs_created - existing
        out.append(Progress(remaining_jobs=batch.total_jobs - completed, completed_jobs=completed, failed_jobs=failed))
    return out


# -- the history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoricBatchQuery:
    batch_id: str = ""
    type: str = ""
    completed: bool | None = None
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


HISTORIC_SORT_KEYS = {"batchId": HistoricBatch.id, "startTime": HistoricBatch.start_time,
                      "endTime": HistoricBatch.end_time, "tenantId": HistoricBatch.tenant_id}


def _historic_conditions(caller: Caller, q: HistoricBatchQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(HistoricBatch.tenant_id, list(q.tenant_id_in), q.without_tenant_id)
    conds += executions.equalities([(HistoricBatch.id, q.batch_id), (HistoricBatch.type, q.type)])
    if q.completed is not None:
        conds.append(HistoricBatch.end_time.is_not(None) if q.completed else HistoricBatch.end_time.is_(None))
    return conds + caller.tenant_conditions(HistoricBatch.tenant_id)


def query_historic(tx: Session, caller: Caller, q: HistoricBatchQuery, offset: int, limit: int) -> list[HistoricBatch]:
    order = executions.ordering(q.sorting, HISTORIC_SORT_KEYS, HistoricBatch.id)
    return list(tx.scalars(select(HistoricBatch).where(*_historic_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_historic(tx: Session, caller: Caller, q: HistoricBatchQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(HistoricBatch)
                         .where(*_historic_conditions(caller, q))) or 0)


def get_historic(tx: Session, caller: Caller, batch_id: str) -> HistoricBatch:
    if not batch_id:
        raise missing_required_field("id")
    return visible(caller, tx.get(HistoricBatch, batch_id), "historic batch", "BATCH_NOT_FOUND", batch_id)


def delete_historic(tx: Session, clock: Clock, caller: Caller, batch_id: str) -> None:
    """DeleteHistoricBatch: an ended batch's history with its jobs' log entries; logged."""
    caller.require_admin("delete the history of a batch")
    row = get_historic(tx, caller, batch_id)
    row = tx.scalar(select(HistoricBatch).where(HistoricBatch.id == batch_id).with_for_update()
                    .execution_options(populate_existing=True))
    if row is None:
        raise not_found("historic batch", "BATCH_NOT_FOUND", batch_id)
    if row.end_time is None:
        raise precondition("BATCH_RUNNING", f"batch {batch_id} still runs; delete it (DeleteBatch, with cascade "
                           "to remove its history too) or let it end first", batch_id)
    operation_log.Operation(tx, clock, caller, "DeleteHistory").entry(of_batch(row))
    remove_histories(tx, [row])


# -- the calls that start a batch -----------------------------------------------------------------


def _instance_selection(tx: Session, caller: Caller, ids: Sequence[str], query: instances.InstanceQuery | None, *,
                        running: bool = True) -> Selection:
    return Selection("process_instance_ids", ids, "process_instance_query",
                     None if query is None else (lambda: instances.selected_ids(tx, caller, query, running=running)))


def delete_instances_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                           query: instances.InstanceQuery | None, reason: str) -> Batch:
    """DeleteProcessInstancesAsync."""
    return create(tx, clock, caller, DELETE_INSTANCES, _instance_selection(tx, caller, ids, query),
                  {"delete_reason": reason}, "Delete", *((("deleteReason", None, reason),) if reason else ()))


def suspend_instances(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                      query: instances.InstanceQuery | None, suspended: bool, *, definition_id: str = "",
                      key: str = "", tenant_id: str = "", without_tenant: bool = False) -> int:
    """SetProcessInstancesSuspended: the instances named and found (as the batch selects them),
    or every running instance of a definition or of a key's versions, each as
    SuspendProcessInstance does it, in id order; how many changed state."""
    by_definition = bool(definition_id or key)
    problems = Violations()
    if by_definition and (ids or query is not None):
        problems.add("process_definition_id" if definition_id else "process_definition_key",
                     "give instances (ids, a query) or a definition, not both")
    definitions.check_id_or_key(problems, definition_id, key, tenant_id, without_tenant)
    problems.raise_if_any()
    if by_definition:
        found = definitions.by_id_or_key(tx, caller, definition_id, key, tenant_id, without_tenant)
        named = {i: "" for i in tx.scalars(select(ProcessInstance.id).where(
            ProcessInstance.process_definition_id.in_([d.id for d in found]),
            ProcessInstance.state.in_(instances.RUNNING), *caller.tenant_conditions(ProcessInstance.tenant_id)))}
    else:
        named = _instance_selection(tx, caller, ids, query).resolve_named()
    changed = 0
    for instance_id in sorted(named):  # the instances' locks in one order: two such calls queue
        field_name = named[instance_id] or "process_definition_id"
        if instances.running_instance(tx, caller, instance_id, field_name).state != (
                "SUSPENDED" if suspended else "ACTIVE"):
            instances.set_suspended(tx, clock, caller, instance_id, suspended)
            changed += 1
    return changed


def suspend_instances_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                            query: instances.InstanceQuery | None, suspended: bool) -> Batch:
    """SetProcessInstancesSuspendedAsync."""
    return create(tx, clock, caller, SUSPEND_INSTANCES, _instance_selection(tx, caller, ids, query),
                  {"suspended": suspended}, "Suspend" if suspended else "Activate")


def set_variables_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                        query: instances.InstanceQuery | None, variables: Mapping[str, TypedValue]) -> Batch:
    """SetVariablesAsync."""
    selection = _instance_selection(tx, caller, ids, query)
    if not variables:
        selection.problems.add("variables", "name at least one variable to set", "MISSING_REQUIRED_FIELD")
    return create(tx, clock, caller, SET_VARIABLES, selection, {"variables": variables_to_json(variables)},
                  "SetVariables")


def correlate_message_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                            query: instances.InstanceQuery | None, message_name: str,
                            variables: Mapping[str, TypedValue]) -> Batch:
    """CorrelateMessageAsync."""
    selection = _instance_selection(tx, caller, ids, query)
    if not message_name:
        selection.problems.add("message_name", "message_name is required", "MISSING_REQUIRED_FIELD")
    return create(tx, clock, caller, CORRELATE_MESSAGE, selection,
                  {"message_name": message_name, "variables": variables_to_json(variables)}, "CorrelateMessage",
                  ("messageName", None, message_name), ("nrOfVariables", None, len(variables)))


def _retries(selection: Selection, retries: int | None) -> None:
    if retries is None:
        selection.problems.add("retries", "retries is required", "MISSING_REQUIRED_FIELD")
    elif retries < 0:
        selection.problems.add("retries", f"must not be negative, got {retries}")


def _of_instances(tx: Session, caller: Caller, selection: Selection, instance_ids: Sequence[str],
                  instance_query: instances.InstanceQuery | None,
                  items_of: Callable[[Sequence[str]], list[str]]) -> Selection:
    """``selection`` with the items (``items_of``) of the running instances a call names by id
    (``process_instance_ids``) and by query (``process_instance_query``) on top."""
    def items(of: Sequence[str]) -> list[str]:
        return [item for start in range(0, len(of), _CHUNK) for item in items_of(of[start:start + _CHUNK])]

    more: list[tuple[str, Callable[[], list[str]]]] = []
    for i, instance_id in enumerate(instance_ids):
        if not instance_id:
            selection.problems.add(f"process_instance_ids[{i}]", "an id is required", "MISSING_REQUIRED_FIELD")
    if instance_ids:
        more.append(("process_instance_ids", lambda: items(instance_ids)))
    if instance_query is not None:
        more.append(("process_instance_query",
                     lambda: items(instances.selected_ids(tx, caller, instance_query, running=True))))
    return replace(selection, more=more, more_fields=("process_instance_ids", "process_instance_query"))


def set_job_retries_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                          query: jobs.JobQuery | None, retries: int | None, instance_ids: Sequence[str] = (),
                          instance_query: instances.InstanceQuery | None = None) -> Batch:
    """SetJobRetriesAsync: jobs by id, by query, and those of instances by id and by query."""
    selection = _of_instances(
        tx, caller, Selection("job_ids", ids, "job_query",
                              None if query is None else (lambda: jobs.selected_job_ids(tx, clock, caller, query))),
        instance_ids, instance_query,
        lambda of: jobs.selected_job_ids(tx, clock, caller, jobs.JobQuery(process_instance_id_in=tuple(of))))
    _retries(selection, retries)
    return create(tx, clock, caller, SET_JOB_RETRIES, selection, {"retries": retries}, "SetJobRetries",
                  ("retries", None, retries))


def _external_tasks(tx: Session, clock: Clock, caller: Caller, ids_field: str, ids: Sequence[str],
                    query: external_tasks.ExternalTaskQuery | None, instance_ids: Sequence[str],
                    instance_query: instances.InstanceQuery | None, retries: int | None) -> Selection:
    """External tasks by id, by query, and those of instances by id and by query (both
    SetExternalTaskRetries calls)."""
    selection = _of_instances(
        tx, caller, Selection(ids_field, ids, "external_task_query", None if query is None else (
            lambda: external_tasks.selected_task_ids(tx, clock, caller, query))),
        instance_ids, instance_query,
        lambda of: external_tasks.selected_task_ids(
            tx, clock, caller, external_tasks.ExternalTaskQuery(process_instance_id_in=tuple(of))))
    _retries(selection, retries)
    return selection


def set_external_task_retries(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                              query: external_tasks.ExternalTaskQuery | None, retries: int | None,
                              instance_ids: Sequence[str] = (),
                              instance_query: instances.InstanceQuery | None = None) -> list[ExternalTask]:
    """SetExternalTaskRetries: what SetExternalTaskRetriesAsync selects, all now, all or none."""
    named = _external_tasks(tx, clock, caller, "ids", ids, query, instance_ids, instance_query,
                            retries).resolve_named()
    return external_tasks.set_retries(tx, clock, caller, list(named), retries, named_by=named)


def set_external_task_retries_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                                    query: external_tasks.ExternalTaskQuery | None, retries: int | None,
                                    instance_ids: Sequence[str] = (),
                                    instance_query: instances.InstanceQuery | None = None) -> Batch:
    """SetExternalTaskRetriesAsync: tasks by id, by query, and those of instances by id and by
    query."""
    selection = _external_tasks(tx, clock, caller, "external_task_ids", ids, query, instance_ids,
                                instance_query, retries)
    return create(tx, clock, caller, SET_EXTERNAL_TASK_RETRIES, selection, {"retries": retries},
                  "SetExternalTaskRetries", ("retries", None, retries))


def delete_history_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                         query: instances.InstanceQuery | None, reason: str) -> Batch:
    """DeleteHistoricProcessInstancesAsync (administrators only, as the deletion of one)."""
    caller.require_admin("delete the history of process instances")
    return create(tx, clock, caller, DELETE_HISTORIC_INSTANCES,
                  _instance_selection(tx, caller, ids, query, running=False),
                  {"delete_reason": reason}, "DeleteHistory", *((("deleteReason", None, reason),) if reason else ()))


def delete_decision_history_async(tx: Session, clock: Clock, caller: Caller, ids: Sequence[str],
                                  query: decision_history.DecisionInstanceQuery | None, reason: str) -> Batch:
    """DeleteHistoricDecisionInstancesAsync (administrators only)."""
    caller.require_admin("delete the decision history")
    selection = Selection("historic_decision_instance_ids", ids, "historic_decision_query",
                          None if query is None else (lambda: decision_history.selected_ids(tx, caller, query)))
    return create(tx, clock, caller, DELETE_HISTORIC_DECISIONS, selection, {"delete_reason": reason},
                  "DeleteHistory", *((("deleteReason", None, reason),) if reason else ()))
